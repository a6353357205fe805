import { describe, expect, it } from 'vitest';
import { actionName, detailParts, eventItems } from '../src/lib/auditDetail';
import { sv } from '../src/i18n/sv';
import { format, type MessageKey } from '../src/i18n/index.svelte';

const t = (k: MessageKey, p?: Record<string, string | number>) => format(sv[k], p);
const has = (k: string) => k in sv;

describe('audit details in Swedish', () => {
  it('labels every stored key and value (no by_inkom: false, no received_at: …)', () => {
    const parts = detailParts('source_deleted', { where: 'tjänstetelefonen', by_inkom: false }, t, has);
    expect(parts).toEqual([
      ['Var', 'tjänstetelefonen'],
      ['Raderad av', 'handläggaren'],
    ]);
    const culled = detailParts('culled', { decision: 'DHP § 4.2', channel: 'sms', received_at: '2026-11-03T07:42:00Z' }, t, has);
    expect(culled).toEqual([
      ['Gallringsbeslut', 'DHP § 4.2'],
      ['Kanal', 'SMS'],
      ['Inkom', '2026-11-03 08:42'],
    ]);
  });
  it('names classes, lists and settings in Swedish, and shortens checksums', () => {
    expect(detailParts('reclassified', { previous_class: 'ringa' }, t, has)).toEqual([['Tidigare klass', 'Ringa betydelse']]);
    expect(detailParts('setting_changed', { key: 'diary_prefix', value: 'SN' }, t, has)).toEqual([
      ['Inställning', 'Diarieserie (prefix)'],
      ['Nytt värde', 'SN'],
    ]);
    expect(detailParts('registered', { designation: 'INK-2026-00001', pdf_sha256: 'ab'.repeat(32), diarienummer: null }, t, has)).toEqual([
      ['Beteckning', 'INK-2026-00001'],
      ['Kontrollsumma', 'abababababab…'],
    ]);
  });
  it('a created list is named as created, not printed', () => {
    expect(actionName('list_printed', { list: 'diarium' }, t, has)).toBe('Diarielista skapad');
    expect(actionName('list_sent_to_printer', { list: 'diarium' }, t, has)).toBe('Diarielista skickad till skrivaren');
    expect(actionName('culled', {}, t, has)).toBe('Gallrad');
    expect(actionName('something_new', {}, t, has)).toBe('something_new');
  });
  it('an import reads: how many documents, which, from what (not the stored, alphabetical order)', () => {
    // As the core stores it: serde_json writes the keys alphabetically.
    const detail = { first_item: 5, format: 'sms_backup_restore_xml', items: 1200, items_sha256: 'ef'.repeat(32), last_item: 1204, source_sha256: 'cd'.repeat(32) };
    expect(detailParts('imported', detail, t, has)).toEqual([
      ['Antal handlingar', (1200).toLocaleString('sv-SE')],
      ['Första handlingens nr', '5'],
      ['Sista handlingens nr', '1204'],
      ['Format', 'SMS Backup & Restore (XML)'],
      ['Källfilens kontrollsumma', 'cdcdcdcdcdcd…'],
      ['Kontrollsumma över handlingarna', 'efefefefefef…'],
    ]);
  });
  it('a registration names every detail in Swedish, the designation first', () => {
    const first = { designation: 'INK-2026-00001', diarienummer: null, pdf_sha256: 'ab'.repeat(32), unprintable: 0 };
    expect(detailParts('registered', first, t, has)).toEqual([
      ['Beteckning', 'INK-2026-00001'],
      ['Kontrollsumma', 'abababababab…'],
      ['Tecken som inte kunde återges', '0'],
    ]);
    const again = { again: true, designation: 'INK-2026-00001', pdf_sha256: 'ab'.repeat(32), replaces_pdf_sha256: 'cd'.repeat(32), unprintable: 0, unprintable_before: 3 };
    expect(detailParts('registered', again, t, has).map(([label]) => label)).toEqual([
      'Beteckning',
      'Registrerad om',
      'Kontrollsumma',
      'Ersätter utskrift med kontrollsumma',
      'Tecken som inte kunde återges innan',
      'Tecken som inte kunde återges',
    ]);
  });
  it('names the items an event is about as the printed log does: its own, or an import\'s range', () => {
    expect(eventItems(7, 'registered', {})).toBe('7');
    expect(eventItems(null, 'imported', { first_item: 1, last_item: 28 })).toBe('1–28');
    expect(eventItems(null, 'imported', { first_item: 9, last_item: 9 })).toBe('9');
    // An import event of an older store names its item itself.
    expect(eventItems(4, 'imported', { format: 'eml' })).toBe('4');
    expect(eventItems(null, 'setting_changed', { key: 'diary_prefix' })).toBe('–');
  });
  it('an unknown key stays visible as stored', () => {
    expect(detailParts('imported', { new_field: 3 }, t, has)).toEqual([['new_field', '3']]);
  });
});

describe('every format the core imports has its Swedish name', () => {
  it('matches Format::sv in src/import/format.rs, under its serialised code', async () => {
    const { readFileSync } = await import('node:fs');
    const rust = readFileSync(new URL('../../src/import/format.rs', import.meta.url), 'utf8');
    const sv_fn = rust.slice(rust.indexOf('pub fn sv(self)'), rust.indexOf('fn en(self)'));
    // serde's snake_case: an underscore before every capital but the first (WebP → web_p).
    const snake = (name: string) => name.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase();
    const names = [...sv_fn.matchAll(/Format::([A-Za-z]+) => "([^"]+)"/g)].map((m) => [snake(m[1]), m[2]]);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter(([code, name]) => !has(`format.${code}`) || t(`format.${code}` as MessageKey) !== name)).toEqual([]);
  });
});

describe('every audit action the core writes has a Swedish name', () => {
  it('matches the codes in src/audit.rs', async () => {
    const { readFileSync } = await import('node:fs');
    const rust = readFileSync(new URL('../../src/audit.rs', import.meta.url), 'utf8');
    const codes = [...rust.matchAll(/Action::[A-Za-z]+ => "([a-z_]+)"/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((c) => !has(`action.${c}`))).toEqual([]);
  });
  it('names a recovery and its details', () => {
    expect(actionName('recovered', {}, t, has)).toBe('Öppnad med enhetens återställningsnyckel (endast läsning)');
    expect(detailParts('recovered', { fingerprint: 'ab'.repeat(32), reading: 'export', unit_login: 'arkivarie' }, t, has)).toEqual([
      ['Återställningsnyckelns fingeravtryck', 'abababababababab…'],
      ['Läsning', 'en handling skriven till fil'],
      ['Inloggning i enhetens register', 'arkivarie'],
    ]);
  });
});
