// An in-memory fake of the Tauri shell for the Playwright tests, mocked exactly at the Tauri
// boundary (`mockIPC`): the UI's own code, including backend.ts, runs unchanged. It honours the
// contract in docs/ipc.md, including its refusals with Swedish messages. All people, numbers and
// addresses are invented (test personnummer, PTS fiction numbers 070-1740605 … 070-1740699).
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import type { Args, Command, Result } from '../src/api/commands';
import type {
  Action,
  AuditEvent,
  Class,
  Classification,
  ClassificationInput,
  Client,
  Gallringsbeslut,
  GallringsbeslutInput,
  InboxQuery,
  InboxRow,
  ItemView,
  Part,
  SessionState,
  SettingsView,
  State,
  Suggestion,
  AttachmentView,
  UnitQueueView,
  UnitRegistrationView,
  UnitStatusView,
} from '../src/api/types';

interface FakeConfig {
  locked?: boolean;
  needs_passphrase?: boolean;
  /** No store yet: the passphrase typed on the lock screen creates it. */
  first_run?: boolean;
  idle_lock_minutes?: number;
  bulk?: number;
  /** Registration sheets draw Chinese characters as boxes until `reregister` (issue 12). */
  missing_cjk_font?: boolean;
  /** Adds a message mixing Arabic, Swedish and Hebrew lines (issue 12). */
  multilingual?: boolean;
  /** An SMS in scripts a desktop may have no font for (Tigrinya, Armenian, Georgian, Thai). */
  scripts?: boolean;
  /** Adds the caseworker's own SMS to a client and an e-mail sent to a school (items sent). */
  outgoing?: boolean;
  /** The school's e-mail carries a film, which no printout holds (deleting its source asks for `ack_off_paper`). */
  film?: boolean;
  /** Adds an e-mail the import had to repair: its character set and date were guessed. */
  repaired?: boolean;
  language?: 'sv' | 'en';
  import_delay_ms?: number;
  /** A brand-new store: no items and no settings, so the first-run set-up is due. */
  fresh?: boolean;
  /** No PDF viewer installed: open_pdf fails as the shell does. */
  no_viewer?: boolean;
  /** The OS login name the set-up suggests. */
  os_user?: string;
  /** Tesseract with Swedish is installed (default): OCR is offered switched on. */
  ocr_available?: boolean;
  /** "Välj filer" picks an SMS export cut off mid-message (issue 15: salvage in the app). */
  pick_truncated?: boolean;
  /** Connected to the unit's register (issue 16) with this kind of login. */
  unit?: 'registrar' | 'caseworker';
  /** The unit's register cannot be reached (may be changed by a test while the page runs). */
  unit_offline?: boolean;
  /** Registrations waiting in the outbox at start. */
  unit_waiting?: number;
}

declare global {
  interface Window {
    __INKOM_FAKE__?: FakeConfig;
    __INKOM_CALLS__: { cmd: string; args: unknown }[];
    __INKOM_FAIL_NEXT__?: { cmd: string; code: string; message: string };
    /** Emits a Tauri event as the shell would (the webview's native file drop). */
    __INKOM_EMIT__: typeof emit;
    __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void };
  }
}

const cfg: FakeConfig = window.__INKOM_FAKE__ ?? {};
window.__INKOM_CALLS__ = [];
let passphrase = 'korrekt häst batteri';
/** The unit register login's password (connect_unit_register). */
const UNIT_PASSWORD = 'enhetens-lösenord-2026';

class Refusal {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}
const refuse = (code: string, message: string): never => {
  throw new Refusal(code, message);
};

// ---------- personnummer (the same rules as the core: date + Luhn) ----------
function checkPnr(value: string): { valid: boolean; normalized: string | null; message: string | null } {
  const v = value.trim().replace(/\s/g, '');
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/.exec(v);
  if (!m) {
    return {
      valid: false,
      normalized: null,
      message: 'Personnumret ska ha formen ÅÅÅÅMMDD-NNNN, till exempel 19121212-1212. Kontrollera siffrorna och skriv igen.',
    };
  }
  const [, cc, yy, mm, dd, , nnn, c] = m;
  const month = Number(mm);
  let day = Number(dd);
  if (day > 60) day -= 60;
  if (month < 1 || month > 12 || day < 1 || day > 31) {
    return { valid: false, normalized: null, message: `Datumdelen ${yy}${mm}${dd} finns inte. Kontrollera födelsedatumet.` };
  }
  const nine = `${yy}${mm}${dd}${nnn}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  const check = (10 - (sum % 10)) % 10;
  if (check !== Number(c)) {
    return {
      valid: false,
      normalized: null,
      message: 'Kontrollsiffran stämmer inte: numret är felskrivet. Jämför med klientens handlingar och skriv igen.',
    };
  }
  const century = cc ?? (Number(yy) > 26 ? '19' : '20');
  return { valid: true, normalized: `${century}${yy}${mm}${dd}-${nnn}${c}`, message: null };
}

// ---------- data ----------
const clients: Client[] = [
  { name: 'Amira Haddad', personnummer: '19121212-1212', phones: ['+46701740605'], emails: [] },
  { name: 'Jonas Ek', personnummer: '19870521-2382', phones: ['+46701740617'], emails: ['jonas.ek@example.se'] },
  { name: 'Elsa Lind', personnummer: '20121212-1212', phones: [], emails: [] },
];
const clientByPhone = (p: string | null) => clients.find((c) => p && c.phones.includes(p))?.name ?? null;

const OS_USER = cfg.os_user ?? 'maria';
/** The core's closed list of secrecy provisions (model::Sekretessbestammelse::LIST). */
const PROVISIONS = [
  { citation: '26 kap. 1 § OSL', sv: 'socialtjänst, enskilds personliga förhållanden' },
  { citation: '26 kap. 5 § OSL', sv: 'anmälares identitet' },
  { citation: '25 kap. 1 § OSL', sv: 'hälso- och sjukvård' },
];
let settings: SettingsView = cfg.fresh
  ? {
      organisation: null,
      authority: null,
      unit: null,
      user: OS_USER,
      login: OS_USER,
      diary_prefix: null,
      cull_decision: null,
      gallringsbeslut: [],
      provisions: PROVISIONS,
      idle_lock_minutes: cfg.idle_lock_minutes ?? 10,
      language: cfg.language ?? 'sv',
    }
  : {
      organisation: 'Exempelby kommun',
      authority: 'Socialnämnden',
      unit: 'Individ- och familjeomsorgen',
      user: 'Maria Handläggare',
      login: OS_USER,
      diary_prefix: 'SN',
      cull_decision: 'SN 2025/0117 § 9',
      gallringsbeslut: [
        { id: 1, decided_by: 'Socialnämnden', decided_on: '2025-11-20', reference: 'SN 2025/0117 § 9', plan_section: '4.2 Gallras vid inaktualitet' },
      ],
      provisions: PROVISIONS,
      idle_lock_minutes: cfg.idle_lock_minutes ?? 15,
      language: cfg.language ?? 'sv',
    };
/** As the core: the set-up is due while no item and no setting is stored. */
let setupDone = !cfg.fresh;

let session: SessionState = {
  locked: cfg.locked ?? false,
  needs_passphrase: cfg.needs_passphrase ?? false,
  first_run: cfg.first_run ?? false,
  key_source: cfg.needs_passphrase ? 'passphrase' : 'os_keystore',
  user: settings.user,
  demo: !cfg.fresh,
  language: settings.language,
  idle_lock_minutes: settings.idle_lock_minutes,
};

interface Item {
  id: number;
  channel: ItemView['channel'];
  direction: 'in' | 'out';
  sender: string | null;
  recipients: string[];
  cc: string[];
  bcc?: string[];
  subject: string | null;
  received_at: string;
  body: string | null;
  body_html: string | null;
  parts: Part[];
  attachments: (AttachmentView & { png?: () => string; pages?: number })[];
  /** The files inside attached e-mails, as the core lists them. */
  inner_files?: ItemView['inner_files'];
  page_address: string | null;
  source: ItemView['source'];
  state: State;
  classification: Classification | null;
  registration: ItemView['registration'];
  suggestion: Suggestion | null;
  delete_instruction: string;
  can_delete_file: boolean;
  held_reason?: string | null;
  filed_at?: string | null;
  /** A ringa item's source is deleted (or it has none): only then may it be culled. */
  source_gone?: boolean;
}

const items: Item[] = [];
const audit: AuditEvent[] = [];
let nextId = 1;
let nextAttachment = 1;
let nextDesignation = 1;
let nextDnr = 41;
let printJobs = 0;

/** As the core (src/lifecycle/gallring.rs): the citation kept on a culled or purged item. */
const citation = (b: Gallringsbeslut) => `${b.decided_by} ${b.decided_on}, ${b.reference}, dokumenthanteringsplanen ${b.plan_section}`;

/** The default gallringsbeslut: the one the setting names, else the only one. */
function defaultBeslut(): Gallringsbeslut | null {
  const named = settings.gallringsbeslut.find((b) => b.reference === settings.cull_decision);
  return named ?? (settings.gallringsbeslut.length === 1 ? settings.gallringsbeslut[0] : null);
}

/** The decision a culling cites, or the core's refusal. */
function applicableBeslut(text: string): Gallringsbeslut {
  const t = text.trim();
  if (t) {
    const b = settings.gallringsbeslut.find((d) => d.reference.toLowerCase() === t.toLowerCase() || String(d.id) === t);
    return b ?? refuse('unknown_gallringsbeslut', `Gallringsbeslutet "${t}" finns inte i registret över gallringsbeslut.`);
  }
  const b = defaultBeslut();
  if (b) return b;
  if (settings.gallringsbeslut.length === 0)
    refuse('no_gallringsbeslut', 'Inget gallringsbeslut finns i registret, och utan beslut får inget gallras. Lägg till nämndens beslut i appen under Inställningar → Gallringsbeslut.');
  return refuse('choose_gallringsbeslut', `Registret har ${settings.gallringsbeslut.length} gallringsbeslut och inget är valt som standard.`);
}

function log(action: string, item_id: number | null, detail: Record<string, unknown> = {}) {
  audit.push({ seq: audit.length + 1, at: new Date().toISOString(), actor: settings.user, action, item_id, detail });
}

function pretty(phone: string): string {
  const local = phone.replace(/^\+46/, '0');
  return local.length === 10 ? `${local.slice(0, 3)}-${local.slice(3, 6)} ${local.slice(6, 8)} ${local.slice(8)}` : local;
}

function spansOf(text: string, words: string[]): { start: number; end: number; term: string }[] {
  const out: { start: number; end: number; term: string }[] = [];
  const lower = text.toLowerCase();
  for (const w of words) {
    let i = lower.indexOf(w);
    while (i !== -1) {
      out.push({ start: i, end: i + w.length, term: text.slice(i, i + w.length) });
      i = lower.indexOf(w, i + w.length);
    }
  }
  return out;
}

// As the core writes it (src/lifecycle/mod.rs, issue 15): one `imported` event per import, with
// no item of its own, naming the range of items it stored.
function importEvent(ids: number[], format: string, at: string) {
  if (ids.length === 0) return;
  const detail = { first_item: ids[0], format, items: ids.length, last_item: ids[ids.length - 1] };
  audit.push({ seq: audit.length + 1, at, actor: settings.user, action: 'imported', item_id: null, detail });
}

// The core's format code (`Format`, src/import/format.rs) a demo item of a channel came in.
const FORMAT_OF: Record<string, string> = { sms: 'sms_backup_restore_xml', email: 'eml', screenshot: 'png' };

// Is the event about item `id`: its own, or the import that stored it (as the core's history
// query takes them, src/store/audit.rs).
function concerns(e: AuditEvent, id: number): boolean {
  if (e.item_id === id) return true;
  const d = e.detail as { first_item?: number; last_item?: number } | null;
  return e.action === 'imported' && e.item_id === null && d !== null && (d.first_item ?? Infinity) <= id && id <= (d.last_item ?? -Infinity);
}

// An item as if imported from a file of its own; `alone: false` leaves its import's event to
// the caller, who imports several together.
function add(partial: Partial<Item> & Pick<Item, 'channel' | 'sender' | 'received_at'>, at: string = partial.received_at, alone = true): Item {
  const it: Item = {
    id: nextId++,
    direction: 'in',
    recipients: [],
    cc: [],
    subject: null,
    body: null,
    body_html: null,
    parts: [],
    attachments: [],
    page_address: null,
    source: { kind: 'file', path: null, locator: '', notes: [] },
    state: 'imported',
    classification: null,
    registration: null,
    suggestion: null,
    delete_instruction: '',
    can_delete_file: false,
    ...partial,
  };
  if (!it.delete_instruction) {
    it.delete_instruction =
      it.channel === 'sms'
        ? `Radera sms-tråden med ${pretty(it.sender ?? '')} i tjänstetelefonen`
        : it.channel === 'email'
          ? `Radera e-postmeddelandet '${it.subject ?? ''}' i Outlook`
          : `Radera filen ${it.source.path ?? ''}`;
  }
  items.push(it);
  if (alone) importEvent([it.id], FORMAT_OF[it.channel], at);
  return it;
}

function smsParts(sender: string, start: string, texts: [('in' | 'out'), string][]): Part[] {
  const t0 = new Date(start).getTime();
  return texts.map(([direction, text], i) => ({
    at: new Date(t0 + i * 7 * 60_000).toISOString(),
    direction,
    sender: direction === 'in' ? sender : settings.user,
    text,
  }));
}

// A picture drawn on a canvas, as base64 PNG: a stand-in for a screenshot or a PDF page.
function canvasPng(w: number, h: number, lines: string[], opts: { title?: string; bg?: string; scale?: number } = {}): string {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const g = c.getContext('2d');
  if (!g) return '';
  g.scale(opts.scale ?? 1, opts.scale ?? 1);
  g.fillStyle = opts.bg ?? '#ffffff';
  g.fillRect(0, 0, w / (opts.scale ?? 1), h / (opts.scale ?? 1));
  g.fillStyle = '#1b2430';
  let y = 48;
  if (opts.title) {
    g.font = 'bold 26px sans-serif';
    g.fillText(opts.title, 40, y);
    y += 44;
  }
  g.font = '18px sans-serif';
  for (const l of lines) {
    g.fillText(l, 40, y);
    y += 30;
  }
  return c.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

function seed() {
  const amira = '+46701740605';
  const jonas = '+46701740617';
  const okand = '+46701740633';
  add({
    channel: 'sms',
    sender: amira,
    received_at: '2026-11-03T07:42:00Z',
    parts: smsParts(amira, '2026-11-03T07:20:00Z', [
      ['in', 'Hej, jag kan inte komma på mötet på torsdag. Min son är sjuk igen.'],
      ['out', 'Tack för att du hör av dig. Vill du boka en ny tid nästa vecka?'],
      ['in', 'Ja gärna. Och jag behöver prata om hyran, pengarna räcker inte den här månaden.'],
      ['in', 'Kan du ringa mig efter lunch?'],
    ]),
    source: { kind: 'sms_backup_xml', path: '/home/maria/Hämtade filer/sms-backup-2026-11-03.xml', locator: `tråd ${amira}`, notes: [] },
    suggestion: null,
  });
  const mail = add({
    channel: 'email',
    sender: 'rektor@exempelskolan.example.se',
    recipients: ['ifo@exempelby.example.se'],
    cc: ['elevhalsan@exempelskolan.example.se'],
    subject: 'Angående Elsa – orosanmälan',
    received_at: '2026-11-02T13:15:00Z',
    body: 'Hej,\n\nVi vill göra en orosanmälan gällande en elev i årskurs 4. Eleven har vid flera tillfällen kommit till skolan hungrig och berättat om bråk i hemmet.\n\nRing mig gärna.\n\nMed vänlig hälsning\nRektor, Exempelskolan',
    body_html:
      '<p>Hej,</p><p>Vi vill göra en <b>orosanmälan</b> gällande en elev i årskurs 4. Eleven har vid flera tillfällen kommit till skolan hungrig och berättat om bråk i hemmet.</p><p>Ring mig gärna.</p><p>Med vänlig hälsning<br>Rektor, Exempelskolan</p>',
    source: { kind: 'msg', path: '/home/maria/Skrivbord/Angående Elsa.msg', locator: 'Outlook', notes: [] },
    delete_instruction: "Radera e-postmeddelandet 'Angående Elsa – orosanmälan' i Outlook",
  });
  if (cfg.film) {
    mail.attachments.push({
      id: nextAttachment++,
      name: 'rastgarden.mp4',
      mime: 'video/mp4',
      size: 48_213,
      sha256: 'f6'.repeat(32),
      is_image: false,
      text: null,
    });
  }
  const subj = mail.subject ?? '';
  const body = mail.body ?? '';
  const f1 = spansOf(subj, ['orosanmälan']);
  const f2 = spansOf(body, ['orosanmälan', 'hungrig', 'bråk i hemmet']);
  const REASON = 'Ordet ”orosanmälan” tyder på en anmälan enligt 14 kap. 1 § SoL som ska diarieföras.';
  mail.suggestion = {
    class: 'diarium',
    reasons: [
      { text: REASON, spans: f2.filter((s) => s.term.toLowerCase() === 'orosanmälan').map(({ start, end }) => ({ field: 'text', start, end })) },
      { text: 'Texten beskriver ett barns situation i hemmet: uppgifterna omfattas sannolikt av sekretess.', spans: [] },
    ],
    flags: [
      ...f1.map((s) => ({ category: 'anmalan', label: 'Anmälan', term: s.term, field: 'subject' as const, start: s.start, end: s.end })),
      ...f2.map((s) => ({ category: 'kansligt', label: s.term.toLowerCase() === 'orosanmälan' ? 'Anmälan' : 'Barns situation', term: s.term, field: 'text' as const, start: s.start, end: s.end })),
    ],
    secrecy: { provision: '26 kap. 1 § OSL', date: '2026-11-02', authority: settings.authority ?? '', unit: settings.unit ?? '', set_by: `${settings.user} (${settings.login})` },
  };
  const shot = add({
    channel: 'screenshot',
    sender: null,
    received_at: '2026-11-01T09:30:00Z',
    page_address: 'https://www.example.com/blogg/veckans-inlagg',
    body: null,
    source: { kind: 'png', path: '/home/maria/Bilder/Skärmbild 2026-11-01 093000.png', locator: '', notes: [] },
    can_delete_file: true,
  });
  shot.attachments.push({
    id: nextAttachment++,
    name: 'Skärmbild 2026-11-01 093000.png',
    mime: 'image/png',
    size: 182_344,
    sha256: 'a1'.repeat(32),
    is_image: true,
    text: null,
    png: () =>
      canvasPng(900, 560, ['Veckans inlägg', 'Publicerat 1 november 2026', '', 'Det här är en påhittad bloggsida för demoläget.', 'Ingen verklig person förekommer.'], {
        title: 'example.com – blogg',
        bg: '#f3f6fa',
      }),
  });
  shot.delete_instruction = `Radera filen ${shot.source.path}`;

  const ringaTexts: [string, string, string][] = [
    [jonas, '2026-10-28T10:05:00Z', 'Tack, vi ses på tisdag kl. 10.'],
    [okand, '2026-10-27T15:40:00Z', 'Bekräftar mötestiden den 5 november.'],
    [amira, '2026-10-25T08:12:00Z', 'Okej, jag tar med papperen.'],
  ];
  for (const [s, at, text] of ringaTexts) {
    const it = add({ channel: 'sms', sender: s, received_at: at, parts: smsParts(s, at, [['in', text]]) });
    it.state = 'classified';
    it.classification = { class: 'ringa', note: 'Bekräftelse på mötestid' };
    log('classified', it.id, { class: 'ringa' });
    // The phone's copy is deleted: inkom's ordered keep is the only one, ready to be culled.
    it.source_gone = true;
    log('source_deleted', it.id, { where: 'tjänstetelefonen', by_inkom: false });
  }
  const diaryTexts: [string, string, string][] = [
    ['foraldrar@example.se', '2026-10-30T12:00:00Z', 'Ansökan om kontaktfamilj'],
    ['polisen.example@example.se', '2026-10-29T09:00:00Z', 'Underrättelse från polisen'],
  ];
  for (const [s, at, subject] of diaryTexts) {
    const it = add({ channel: 'email', sender: s, received_at: at, subject, body: `${subject}.\n\n(Påhittat innehåll för demoläget.)`, recipients: ['ifo@exempelby.example.se'] });
    it.state = 'printed';
    it.classification = { class: 'diarium', description: subject, secrecy: { provision: '26 kap. 1 § OSL', date: at.slice(0, 10), authority: settings.authority ?? '', unit: settings.unit ?? '', set_by: `${settings.user} (${settings.login})` }, sender_secret: false };
    it.registration = { designation: `INK-2026-${String(nextDesignation++).padStart(5, '0')}`, registered_at: at, pdf_sha256: 'b2'.repeat(32), diarienummer: null, unprintable: null };
    log('registered', it.id, { designation: it.registration.designation });
    log('printed', it.id);
  }
  // Two registered personakt sheets waiting for "printed" (bulk confirmation).
  for (const [s, at, text, who, pnr] of [
    [amira, '2026-10-31T08:00:00Z', 'Här är kvittot på hyran.', 'Amira Haddad', '19121212-1212'],
    [jonas, '2026-10-30T16:20:00Z', 'Jag har skickat läkarintyget.', 'Jonas Ek', '19870521-2382'],
  ] as const) {
    const it = add({ channel: 'sms', sender: s, received_at: at, parts: smsParts(s, at, [['in', text]]) });
    it.state = 'registered';
    it.classification = { class: 'personakt', client_name: who, personnummer: pnr };
    it.registration = { designation: `INK-2026-${String(nextDesignation++).padStart(5, '0')}`, registered_at: at, pdf_sha256: 'e5'.repeat(32), diarienummer: null, unprintable: null };
    log('registered', it.id, { designation: it.registration.designation });
  }
  const done = add({ channel: 'sms', sender: jonas, received_at: '2026-10-20T11:00:00Z', parts: smsParts(jonas, '2026-10-20T11:00:00Z', [['in', 'Påhittat meddelande som redan är hanterat.']]) });
  done.state = 'purged';
  done.classification = { class: 'personakt', client_name: 'Jonas Ek', personnummer: '19870521-2382' };
  done.registration = { designation: `INK-2026-${String(nextDesignation++).padStart(5, '0')}`, registered_at: '2026-10-20T12:00:00Z', pdf_sha256: 'c3'.repeat(32), diarienummer: null, unprintable: null };
  done.parts = [];
  log('purged', done.id);

  if (cfg.outgoing) {
    // Imported one per message: a reply the caseworker sent has no sender, only a recipient.
    add({
      channel: 'sms',
      direction: 'out',
      sender: '',
      recipients: [amira],
      received_at: '2026-11-04T09:10:00Z',
      body: 'Vi ses på torsdag kl. 10 på kontoret.',
      source: { kind: 'sms_backup_xml', path: '/home/maria/Hämtade filer/sms-backup-2026-11-04.xml', locator: 'sms 12', notes: [] },
    });
    add({
      channel: 'email',
      direction: 'out',
      sender: 'maria.handlaggare@exempelby.example.se',
      recipients: ['rektor@exempelskolan.example.se'],
      cc: ['elevhalsan@exempelskolan.example.se'],
      bcc: ['Åsa Öberg <asa.oberg@example.se>'],
      subject: 'Sv: Angående Elsa',
      received_at: '2026-11-04T09:20:00Z',
      body: 'Tack, vi har tagit emot anmälan.',
      source: { kind: 'eml', path: '/home/maria/Hämtade filer/svar.eml', locator: '', notes: [] },
    });
  }
  if (cfg.repaired) {
    // Issue 15: a message a mail client shows, imported with what was guessed said on it.
    const repaired = add({
      channel: 'email',
      sender: 'gammal.klient@example.se',
      recipients: ['ifo@exempelby.example.se'],
      subject: 'Fråga om möte',
      received_at: '2026-11-04T10:00:00Z',
      body: 'Hej, kan vi ses på måndag?',
      source: {
        kind: 'eml',
        path: '/home/maria/Hämtade filer/gammalt-brev.eml',
        locator: '',
        notes: [
          'teckenkodningen "x-okänd" är okänd; texten lästes som UTF-8 (teckenkodningen gissades)',
          'datum saknas eller är oläsligt i brevhuvudet; tiden är filens ändringstid, inte ankomsttiden: kontrollera den',
        ],
      },
    });
    // The text of parts the import could not tell apart, kept as a text attachment.
    repaired.attachments.push({
      id: nextAttachment++,
      name: 'oläst-innehåll-1.txt',
      mime: 'text/plain',
      size: 64,
      sha256: 'b2'.repeat(32),
      is_image: false,
      text: 'Jag bifogar mitt schema.\nMåndag: arbete 8–17\nTisdag: ledig',
    });
    // A forwarded e-mail, and the files inside it that the printout reproduces.
    repaired.attachments.push({
      id: nextAttachment++,
      name: 'vidarebefordrat.eml',
      mime: 'message/rfc822',
      size: 2048,
      sha256: 'c3'.repeat(32),
      is_image: false,
      text: 'Från: Vårdcentralen <vc@example.org>\nÄmne: Intyg\nBilagor: intyg.pdf, anteckning.txt (bilagor i det bifogade meddelandet)\n\nHär är intyget.',
    });
    // A fax of three pages: no webview draws a TIFF, so the core sends its first page.
    repaired.attachments.push({
      id: nextAttachment++,
      name: 'fax.tif',
      mime: 'image/tiff',
      size: 48_211,
      sha256: 'a7'.repeat(32),
      is_image: true,
      text: null,
      png: () => canvasPng(600, 800, ['Intyg', 'Sida 1 av 3'], { title: 'Fax', bg: '#ffffff' }),
      pages: 3,
    });
    repaired.inner_files = [
      { name: 'vidarebefordrat.eml › intyg.pdf', mime: 'application/pdf', size: 1200, sha256: 'd4'.repeat(32), text: null, image: null },
      { name: 'vidarebefordrat.eml › anteckning.txt', mime: 'text/plain', size: 30, sha256: 'e5'.repeat(32), text: 'Återbesök om två veckor.', image: null },
      {
        name: 'vidarebefordrat.eml › foto.png',
        mime: 'image/png',
        size: 68,
        sha256: 'f6'.repeat(32),
        text: null,
        // A 1×1 PNG, as the core sends a picture inside an attached message.
        image: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      },
    ];
  }
  if (cfg.multilingual) {
    // Issue 12: a mixed message, each line in its own direction.
    add({
      channel: 'email',
      sender: 'leila.haddad@example.se',
      recipients: ['ifo@exempelby.example.se'],
      subject: 'موعد يوم الثلاثاء',
      received_at: '2026-11-04T08:00:00Z',
      body: 'مرحبا، أحتاج إلى موعد يوم الثلاثاء. رقمي 070-174 06 11\nHej, jag heter Leila och ringer från 070-174 06 11.\nשלום, אני צריכה עזרה עם הטופס\n明天见',
      source: { kind: 'eml', path: '/home/maria/Hämtade filer/flersprakigt.eml', locator: '', notes: [] },
    });
  }
  if (cfg.scripts) {
    add({
      channel: 'sms',
      sender: '+46701740615 (Selam Tesfay)',
      recipients: [],
      received_at: '2026-11-04T09:00:00Z',
      body: 'ሰላም፡ ነገ ክመጽእ እኽእል ድየ?\nԲարեւ, վաղը կգամ։\nგამარჯობა, ხვალ მოვალ.\nสวัสดีครับ พรุ่งนี้ผมจะไป',
      source: { kind: 'sms_backup_xml', path: '/home/maria/Hämtade filer/sms.xml', locator: 'sms 1', notes: [] },
    });
  }
  if (cfg.bulk && cfg.bulk > 0) {
    const base = new Date('2026-10-01T08:00:00Z').getTime();
    for (let i = 0; i < cfg.bulk; i++) {
      const phone = `+467017406${String(5 + (i % 95)).padStart(2, '0')}`;
      items.push({
        id: nextId++,
        channel: i % 3 === 0 ? 'email' : 'sms',
        direction: 'in',
        sender: i % 3 === 0 ? `avsandare${i % 50}@example.se` : phone,
        recipients: [],
        cc: [],
        subject: i % 3 === 0 ? `Meddelande ${i}` : null,
        received_at: new Date(base - i * 60_000).toISOString(),
        body: `Påhittat meddelande nummer ${i} om ${['hyra', 'möte', 'skola', 'ansökan', 'läkarbesök'][i % 5]}.`,
        body_html: null,
        parts: [],
        attachments: [],
        page_address: null,
        source: { kind: 'bulk', path: null, locator: '', notes: [] },
        state: 'imported',
        classification: null,
        registration: null,
        suggestion: null,
        delete_instruction: `Radera sms-tråden med ${pretty(phone)} i tjänstetelefonen`,
        can_delete_file: false,
      });
    }
  }
}

// ---------- views ----------
const classOf = (it: Item): Class | null => it.classification?.class ?? null;

function preview(it: Item): string {
  if (it.state === 'purged' || it.state === 'culled') return '';
  const text = it.subject ? `${it.subject} – ${it.body ?? ''}` : (it.body ?? it.parts.map((p) => p.text).join(' '));
  return text.replace(/\s+/g, ' ').trim().slice(0, 140);
}

/** As the core's `model::sent_to`: To, then Cc, of an item sent. */
function sentTo(it: Item): string[] {
  return it.direction === 'out' ? [...it.recipients, ...it.cc, ...(it.bcc ?? [])] : [];
}

function row(it: Item): InboxRow {
  return {
    id: it.id,
    received_at: it.received_at,
    channel: it.channel,
    direction: it.direction,
    sender: it.sender,
    sender_label: clientByPhone(it.sender),
    sent_to: sentTo(it),
    sent_to_label: clientByPhone(sentTo(it)[0] ?? null),
    preview: preview(it),
    class: classOf(it),
    state: it.state,
    designation: it.registration?.designation ?? null,
    diarienummer: it.registration?.diarienummer ?? null,
    attachments: it.attachments.length,
    thread_messages: it.parts.length,
    overdue: false,
    held: !!it.held_reason,
    arendemening: it.classification?.class === 'diarium' ? it.classification.description : null,
  };
}

// The core's table (src/lifecycle/machine.rs) with its guard rails: a diarium item's source
// goes only with a diary number, a personakt item's only once the printout is filed, nothing
// while held.
function onRoad(it: Item): ItemView['actions'] {
  const c = classOf(it);
  const reg = c === 'personakt' || c === 'diarium';
  const live = it.state !== 'purged' && it.state !== 'culled';
  const dnrStep = c === 'diarium' && !!it.registration && live && !it.registration.diarienummer;
  return {
    classify: it.state === 'imported' || it.state === 'classified',
    unclassify: it.state === 'classified',
    register: it.state === 'classified' && reg,
    confirm_printed: it.state === 'registered' && reg,
    confirm_source_deleted: (it.state === 'printed' && reg) || (it.state === 'classified' && c === 'ringa' && !it.source_gone),
    purge: it.state === 'source_deleted' && reg,
    cull: it.state === 'classified' && c === 'ringa',
    assign_dnr: dnrStep,
    set_dnr: dnrStep,
    confirm_filed: it.state === 'printed' && c === 'personakt' && !it.filed_at,
    hold: live && !it.held_reason,
    release: live && !!it.held_reason,
    set_received: it.state === 'imported' || it.state === 'classified',
  };
}

function blocked(it: Item): ItemView['blocked'] {
  const road = onRoad(it);
  const c = classOf(it);
  const out: ItemView['blocked'] = [];
  const block = (action: Action, code: string, message: string) => out.push({ action, code, message });
  if (road.confirm_source_deleted) {
    const lost = it.registration?.unprintable;
    if (it.held_reason) block('confirm_source_deleted', 'held', `Objekt ${it.id} är spärrat (${it.held_reason}).`);
    else if (c === 'diarium' && !it.registration?.diarienummer)
      block('confirm_source_deleted', 'no_diarienummer', `Objekt ${it.id} har inget diarienummer ännu.`);
    else if (c === 'personakt' && !it.filed_at)
      block('confirm_source_deleted', 'not_filed', `Objekt ${it.id}: det är inte bekräftat att utskriften ligger i personakten.`);
    // The fidelity gate comes after the road's own rails, as in the core's item view.
    else if (lost)
      block(
        'confirm_source_deleted',
        'incomplete_printout',
        `Källan till objekt ${it.id} får inte raderas: utskriften saknar ${lost.count} tecken (${lost.scripts}) och är ingen fullständig kopia. Använd knappen "Registrera om" under "Registrera och skriv ut".`,
      );
  }
  if (it.held_reason && road.cull) block('cull', 'held', `Objekt ${it.id} är spärrat (${it.held_reason}).`);
  else if (road.cull && !it.source_gone) block('cull', 'source_not_deleted', `Objekt ${it.id} gallras först när källan är raderad.`);
  if (it.held_reason && road.purge) block('purge', 'held', `Objekt ${it.id} är spärrat (${it.held_reason}).`);
  return out;
}

/** As the core's documents::off_paper, for the fake's one kind: sound and film. */
function offPaperOf(it: Item): Item['attachments'] {
  return it.attachments.filter((x) => /^(audio|video)\//.test(x.mime));
}

function offPaperKind(x: Item['attachments'][number]): string {
  return x.mime.startsWith('audio/') ? 'en ljudinspelning' : 'en film';
}

function actions(it: Item): ItemView['actions'] {
  const a = onRoad(it);
  for (const b of blocked(it)) a[b.action] = false;
  return a;
}

function kept(it: Item): string[] {
  if (it.state !== 'purged' && it.state !== 'culled' && it.state !== 'source_deleted') return [];
  const out = [`Inkom: ${it.received_at.slice(0, 16).replace('T', ' ')}`, `Kanal: ${it.channel}`];
  if (it.registration) out.push(`Beteckning: ${it.registration.designation}`);
  if (it.registration?.diarienummer) out.push(`Diarienummer: ${it.registration.diarienummer}`);
  const c = it.classification;
  if (c?.class === 'diarium') out.push(`Ärendemening: ${c.description}`);
  if (c?.class === 'personakt') out.push('Överförd till personakt (namn och personnummer finns på utskriften)');
  if (!(c?.class === 'diarium' && c.sender_secret)) out.push(`Avsändare: ${it.sender ?? 'okänd'}`);
  out.push('Granskningsloggen för handlingen');
  return out;
}

function view(it: Item): ItemView {
  return {
    id: it.id,
    channel: it.channel,
    direction: it.direction,
    sender: it.sender,
    sender_label: clientByPhone(it.sender),
    recipients: it.recipients,
    sent_to: sentTo(it),
    sent_to_label: clientByPhone(sentTo(it)[0] ?? null),
    cc: it.cc,
    bcc: it.bcc ?? [],
    subject: it.subject,
    received_at: it.received_at,
    kind: it.direction === 'out' ? 'expedierad' : 'inkommen',
    sent_at: null,
    // As the core: an import note ending ": kontrollera den" questions the time.
    time_questioned: it.source.notes.some((n) => n.endsWith(': kontrollera den')),
    answers: null,
    body: it.state === 'purged' || it.state === 'culled' ? null : it.body,
    body_html: it.state === 'purged' || it.state === 'culled' ? null : it.body_html,
    parts: it.state === 'purged' || it.state === 'culled' ? [] : it.parts,
    attachments: it.attachments.map(({ png: _png, pages: _pages, ...a }) => a),
    inner_files: it.state === 'purged' || it.state === 'culled' ? [] : (it.inner_files ?? []),
    page_address: it.page_address,
    source: it.source,
    state: it.state,
    class: classOf(it),
    classification: it.classification,
    registration: it.registration,
    suggestion: it.suggestion,
    delete_instruction: it.delete_instruction,
    can_delete_file: it.can_delete_file,
    kept_after_purge: kept(it),
    blocked: blocked(it),
    held_reason: it.held_reason ?? null,
    filed_at: it.filed_at ?? null,
    overdue: false,
    actions: actions(it),
    history: audit.filter((e) => concerns(e, it.id)),
  };
}

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');

function find(id: unknown): Item {
  const it = items.find((x) => x.id === id);
  return it ?? refuse('not_found', `Handling ${String(id)} finns inte. Den kan ha gallrats. Uppdatera listan och försök igen.`);
}

// The filtered, sorted list of the last query, so paging through 100,000 rows costs what the
// real store's indexed query would (a slice), not a sort per page.
// Kept per query (the state filter's counts ask other queries in between).
const lastInbox = new Map<string, { version: number; list: Item[] }>();
let dataVersion = 0;

function inbox(q: InboxQuery, offset: number, limit: number) {
  const key = JSON.stringify(q);
  let hit = lastInbox.get(key);
  if (!hit || hit.version !== dataVersion) {
    hit = { version: dataVersion, list: filterSort(q) };
    lastInbox.set(key, hit);
  }
  const list = hit.list;
  return { total: list.length, rows: list.slice(offset, offset + limit).map(row) };
}

function filterSort(q: InboxQuery): Item[] {
  const text = q.text ? fold(q.text) : null;
  return items
    .filter((it) => q.states.length === 0 || q.states.includes(it.state))
    .filter((it) => q.classes.length === 0 || q.classes.includes(classOf(it) ?? 'none'))
    .filter((it) => !q.awaiting_dnr || actions(it).assign_dnr)
    .filter((it) => !q.ids || q.ids.includes(it.id))
    .filter((it) => !text || fold(`${it.sender ?? ''} ${clientByPhone(it.sender) ?? ''} ${it.subject ?? ''} ${it.body ?? ''} ${it.parts.map((p) => p.text).join(' ')}`).includes(text))
    .sort((a, b) => (a.received_at < b.received_at ? 1 : a.received_at > b.received_at ? -1 : b.id - a.id));
}

function pdfTitle(it: Item): string {
  return it.classification?.class === 'personakt' ? 'Personaktsmaterial' : 'Registreringsblad';
}

function pdfPages(it: Item): string[] {
  return [canvasPng(620, 877, pdfLines(it), { title: pdfTitle(it) })];
}

function pdfLines(it: Item): string[] {
  const c = it.classification;
  return [
    [settings.organisation, settings.authority].filter(Boolean).join(', '),
    `${settings.unit}`,
    '',
    `Beteckning: ${it.registration?.designation ?? ''}`,
    `Inkom: ${it.received_at.slice(0, 10)}`,
    c?.class === 'personakt' ? `Klient: ${c.client_name}, ${c.personnummer}` : c?.class === 'diarium' ? `Ärendemening: ${c.description}` : '',
    `Avsändare: ${it.sender ?? ''}`,
    '',
    ...(it.parts.length > 0 ? it.parts.map((p) => `${p.at.slice(0, 16).replace('T', ' ')}  ${p.text.slice(0, 60)}`) : [(it.body ?? '').slice(0, 70)]),
  ];
}

// ---------- import ----------
const TRUNCATED = '/home/maria/Hämtade filer/sms-backup-avbruten.xml';
const PICKED = [cfg.pick_truncated ? TRUNCATED : '/home/maria/Hämtade filer/sms-backup-2026-11-05.xml'];

/** As the shell (AppState::grant): only paths picked in the dialog or dropped on the window are read. */
const granted = new Set<string>();
function chosen(paths: string[]): string[] {
  if (paths.some((p) => !granted.has(p)))
    refuse('path_not_chosen', 'inkom läser bara filer som du själv har valt. Välj filen med "Välj filer" eller dra den till fönstret.');
  return paths;
}
const IMPORT_THREADS = [
  { key: '+46701740648', counterpart: '+46701740648', count: 5, known: 0, first: '2026-11-05T08:03:12Z', last: '2026-11-05T08:55:00Z' },
  { key: '+46701740617', counterpart: '+46701740617 (Jonas Ek)', count: 3, known: 0, first: '2026-11-04T18:48:00Z', last: '2026-11-04T19:22:51Z' },
  { key: '+46701740648,+46701740655', counterpart: '+46701740655 (Maria Lind)', count: 2, known: 0, first: '2026-11-05T09:10:00Z', last: '2026-11-05T09:14:00Z' },
];
/** Conversations imported so far: as the desk's preview, their messages are in inkom already. */
const importedThreads = new Set<string>();
function withKnown(threads: typeof IMPORT_THREADS): typeof IMPORT_THREADS {
  return threads.map((th) => ({ ...th, known: importedThreads.has(th.key) ? th.count : 0 }));
}
// The desk's words for a truncated file imported without salvage (desk::import::rejected).
const TRUNCATED_CORE_MESSAGE =
  'Filen sms-backup-avbruten.xml är avkortad och importerades inte. Vill du ta med de fullständiga meddelandena före avbrottet: importera den igen och kryssa i Räddningsläge.';
let importCancelled = false;
let imported = false;

/** As the desk: a truncated file is refused unless salvage is ticked; then its complete part. */
function truncatedThreads(): typeof IMPORT_THREADS {
  return IMPORT_THREADS.slice(0, 2);
}

async function runImport(args: Record<string, unknown>) {
  const sel = args.selection as { threads: string[] | null; salvage: boolean };
  const ch = args.on_progress as { id: number };
  const cut = (args.paths as string[]).includes(TRUNCATED);
  if (cut && !sel.salvage) {
    return { imported: 0, duplicates: 0, cancelled: false, sources: [], created: [], rejected: [{ path: TRUNCATED, message: TRUNCATED_CORE_MESSAGE }] };
  }
  const chosen = (cut ? truncatedThreads() : IMPORT_THREADS).filter((th) => sel.threads === null || sel.threads.includes(th.key));
  importCancelled = false;
  const steps = 5;
  const delay = cfg.import_delay_ms ?? 60;
  for (let i = 0; i <= steps; i++) {
    if (importCancelled) return { imported: 0, duplicates: 0, rejected: [], cancelled: true, sources: [], created: [] };
    window.__TAURI_INTERNALS__.runCallback(ch.id, {
      index: i,
      message: { file_index: 0, files: 1, items: Math.round((i / steps) * chosen.length), bytes: i * 20_000, total_bytes: steps * 20_000 },
    });
    await new Promise((r) => setTimeout(r, delay));
  }
  let count = 0;
  let duplicates = 0;
  const created: number[] = [];
  for (const th of chosen) {
    if (imported) {
      duplicates++;
      continue;
    }
    const group = th.key.includes(',');
    const texts: [('in' | 'out'), string][] = group
      ? [
          ['in', 'Hej, vi är två grannar som skriver tillsammans.'],
          ['in', 'Vi vill berätta vad vi såg i trapphuset.'],
        ]
      : th.key === '+46701740648'
        ? [
            ['in', 'Hej! Jag heter Elsa och är Amiras granne.'],
            ['in', 'Jag är orolig för barnen i lägenheten bredvid.'],
            ['out', 'Tack för att du hör av dig. Kan du berätta mer?'],
            ['in', 'De är ofta ensamma hemma på kvällarna.'],
            ['in', 'Ring mig gärna på det här numret.'],
          ]
        : [
            ['in', 'Hej, här kommer intyget från läkaren.'],
            ['out', 'Tack, jag har fått det.'],
            ['in', 'Bra, hör av dig om något saknas.'],
          ];
    // The export names the group's sender (SMS Backup & Restore's contact name).
    const sender = group ? '+46701740655 (Maria Lind)' : th.key;
    const it = add({
      channel: 'sms',
      sender,
      recipients: group ? ['+46701740699', '+46701740648'] : [],
      received_at: th.last,
      parts: smsParts(sender, th.first, texts),
      source: { kind: 'sms_backup_xml', path: PICKED[0], locator: `tråd ${th.key}`, notes: [] },
    }, th.last, false);
    created.push(it.id);
    importedThreads.add(th.key);
    count++;
  }
  importEvent(created, 'sms_backup_restore_xml', new Date().toISOString());
  imported = true;
  if (cut) {
    const notes = ['källfilen är avkortad (vid tecken 2 114, rad 12); importerad i räddningsläge: bara de fullständiga meddelandena före avbrottet togs med, det som följde saknas'];
    return { imported: count, duplicates, rejected: [], cancelled: false, created, sources: [{ path: TRUNCATED, format: 'SMS Backup & Restore (XML)', messages: count + duplicates, imported: count, duplicates, not_selected: 0, skipped: 0, unaccounted: 0, account: `${count + duplicates} meddelanden i filen: ${count} ${count === 1 ? 'importerat' : 'importerade'}`, notes }] };
  }
  return { created, imported: count, duplicates, rejected: [{ path: '/home/maria/Hämtade filer/anteckning.docx', message: 'Formatet stöds inte: filen ser ut som ett Word-dokument. Spara den som PDF eller ta en skärmdump.' }], cancelled: false, sources: [{ path: PICKED[0], format: 'SMS Backup & Restore (XML)', messages: count + duplicates + 1, imported: count, duplicates, not_selected: 0, skipped: 1, unaccounted: 0, account: `${count + duplicates + 1} meddelanden i filen: ${count} ${count === 1 ? 'importerat' : 'importerade'}${duplicates ? `, ${duplicates} fanns redan` : ''}, 1 hoppades över (se nedan)`, notes: ['sms 7: utkast, hoppades över'] }] };
}

// ---------- commands ----------
function setupState() {
  return {
    needed: !setupDone && items.length === 0,
    organisation: settings.organisation,
    authority: settings.authority,
    unit: settings.unit,
    diary_prefix: settings.diary_prefix,
    user: settings.user,
    os_user: OS_USER,
  };
}

// ---------- the unit's register (issue 16), as inkom.* on the server answers ----------
type UnitReg = UnitRegistrationView & { printed: boolean };
const UNIT_DB = 'enhet_ifo';
const UNIT_LOGIN = cfg.unit === 'registrar' ? 'reg_eva' : 'hl_anna';
const unitRegs: UnitReg[] = [
  { id: 101, caseworker: 'hl_anna', received_at: '2026-11-02T08:15:00Z', registered_at: '2026-11-02T09:01:00Z', direction: 'inkommen', designation: 'INK-2026-00012', sender: 'Sekretess', arendemening: 'Ansökan om kontaktperson', secrecy: '26 kap. 1 § OSL', dnr: null, state: 'queued', assigned_to: null, has_sheet: true, printed: false },
  { id: 102, caseworker: 'hl_bo', received_at: '2026-11-02T10:40:00Z', registered_at: '2026-11-02T11:05:00Z', direction: 'inkommen', designation: 'INK-2026-00004', sender: 'Skolan i Exempelby', arendemening: 'Underrättelse från skolan', secrecy: null, dnr: 'SN 2026/0100', state: 'assigned', assigned_to: 'reg_eva', has_sheet: true, printed: false },
  { id: 103, caseworker: 'hl_anna', received_at: '2026-11-03T07:42:00Z', registered_at: '2026-11-03T08:00:00Z', direction: 'inkommen', designation: 'INK-2026-00013', sender: 'Sekretess', arendemening: 'Fråga om handläggningstid', secrecy: null, dnr: 'SN 2026/0042', state: 'queued', assigned_to: null, has_sheet: true, printed: false },
];
let unitWaiting = cfg.unit_waiting ?? 0;
let unitDelivered = 3;
let unitLastError: string | null = unitWaiting > 0 ? 'Enhetens register gick inte att nå vid senaste försöket.' : null;
const UNREACHABLE = 'Enhetens register kan inte nås just nu. Kontrollera nätverket och försök igen om en stund; inget har ändrats.';

function unitReachable() {
  requireUnlocked();
  if (!cfg.unit) refuse('unit_not_connected', 'Denna dator är inte ansluten till enhetens register.');
  if (cfg.unit_offline) refuse('unit_unreachable', UNREACHABLE);
}

function unitRegistrar(): UnitReg[] {
  unitReachable();
  if (cfg.unit !== 'registrar') refuse('unit_forbidden', 'Du har inte behörighet till detta i enhetens register.');
  return unitRegs;
}

function unitReg(id: number): UnitReg {
  const r = unitRegistrar().find((x) => x.id === id && x.state !== 'entered');
  return r ?? refuse('not_found', 'Registreringen finns inte i enhetens register (eller är redan rensad).');
}

/** The queue as `unit_queue` answers: not entered, by diary number (natural order), those without last. */
function unitQueue(): UnitQueueView {
  const rows = unitRegistrar()
    .filter((r) => r.state !== 'entered')
    .slice()
    .sort((a, b) => (a.dnr && b.dnr ? a.dnr.localeCompare(b.dnr, 'sv', { numeric: true }) : a.dnr ? -1 : b.dnr ? 1 : 0))
    .map(({ printed: _printed, ...r }) => r);
  return { mode: 'registrar', login: UNIT_LOGIN, unit: UNIT_DB, rows, truncated: false };
}

const refusedByUnit = (why: string): never => refuse('unit_refused', `Enhetens register nekade åtgärden: ${why}`);

function unitStatus(): UnitStatusView {
  return cfg.unit
    ? { connected: true, login: UNIT_LOGIN, unit: UNIT_DB, waiting: unitWaiting, delivered: unitDelivered, last_error: unitLastError }
    : { connected: false, login: null, unit: null, waiting: 0, delivered: 0, last_error: null };
}

function requireUnlocked() {
  if (session.locked) refuse('locked', 'inkom är låst. Lås upp med din lösenfras för att fortsätta.');
}

const ids = (a: { ids: number[] }) => a.ids;

/** Exactly the shell's commands with their argument and result types (src/api/commands.ts). */
const commands: { [K in Command]: (a: Args<K>) => Result<K> | Promise<Result<K>> } = {
  session_state: () => session,
  unlock: (a) => {
    if (session.first_run && session.needs_passphrase) {
      // The core refuses a passphrase shorter than 10 characters; the screen checks first.
      if (typeof a.passphrase !== 'string' || [...a.passphrase].length < 10) {
        refuse('invalid_input', 'Lösenfrasen måste ha minst 10 tecken.');
      }
      session = { ...session, locked: false, first_run: !setupDone && items.length === 0 };
      return session;
    }
    if (session.needs_passphrase && a.passphrase !== passphrase) {
      refuse('wrong_passphrase', 'Fel lösenfras. Kontrollera Caps Lock och skriv igen.');
    }
    session = { ...session, locked: false };
    return session;
  },
  lock: () => {
    session = { ...session, locked: true };
    return session;
  },
  still_here: () => null,
  inbox: (a) => (requireUnlocked(), inbox(a.query as InboxQuery, a.offset as number, a.limit as number)),
  item: (a) => (requireUnlocked(), view(find(a.id))),
  attachment_data: (a) => {
    const att = items.flatMap((i) => i.attachments).find((x) => x.id === a.id);
    if (!att?.png) refuse('not_found', 'Bilagan finns inte längre. Den kan ha rensats.');
    return { mime: 'image/png', base64: att!.png!(), pages: att!.pages ?? null };
  },
  pdf_page: (a) => {
    const it = find(a.id);
    if (!it.registration) refuse('not_registered', 'Handlingen är inte registrerad än. Registrera den först.');
    const dpi = Math.max(48, Math.min(400, Number(a.dpi)));
    const page = Number(a.page);
    const w = Math.round(8.27 * dpi);
    const h = Math.round(11.69 * dpi);
    const k = dpi / 96;
    const lines = page === 1 ? pdfLines(it) : ['Konversationen fortsätter.', '', `Sida ${page} av 2`];
    const png = canvasPng(w, h, lines, { title: page === 1 ? pdfTitle(it) : 'Fortsättning', scale: k });
    if (page > 2) refuse('invalid_input', 'Sidan finns inte: utskriften har 2 sidor.');
    return { png, page, pages: 2, width_px: w, height_px: h };
  },
  registration_preview: (a) => {
    const it = find(a.id);
    if (!it.registration) refuse('not_registered', 'Handlingen är inte registrerad än. Registrera den först.');
    return { pages: pdfPages(it) };
  },
  classify: (a) => {
    const it = find(a.id);
    if (!actions(it).classify) refuse('already_registered', 'Handlingen är redan registrerad och kan inte klassificeras om.');
    // As the shell does: complete the input (century, secrecy marking's date, unit and author).
    const input = a.classification as ClassificationInput;
    let c: Classification;
    if (input.class === 'personakt') {
      const r = checkPnr(input.personnummer);
      if (!r.valid) refuse('invalid_personnummer', r.message ?? '');
      if (!input.client_name.trim()) refuse('missing_client_name', 'Skriv klientens namn.');
      c = { class: 'personakt', client_name: input.client_name, personnummer: r.normalized ?? input.personnummer };
      // Guard rail 11: the offer to add a client the register lacks, audited on the item.
      if (input.add_to_register && !clients.some((k) => k.personnummer === r.normalized)) {
        clients.push({ name: input.client_name.trim(), personnummer: r.normalized ?? '', phones: [], emails: [] });
        log('client_added', it.id, { updated: false, offered_at_classification: true });
      }
    } else if (input.class === 'diarium') {
      if (!input.description.trim()) refuse('missing_description', 'Skriv en ärendemening.');
      c = {
        class: 'diarium',
        description: input.description,
        secrecy: input.secrecy ? { provision: input.secrecy, date: new Date().toISOString().slice(0, 10), authority: settings.authority ?? '', unit: settings.unit ?? '', set_by: `${settings.user} (${settings.login})` } : null,
        sender_secret: input.sender_secret ?? input.secrecy !== null,
      };
    } else {
      c = { class: 'ringa', note: input.note };
    }
    const again = it.classification !== null;
    it.classification = c;
    it.state = 'classified';
    log(again ? 'reclassified' : 'classified', it.id, { class: c.class });
    return view(it);
  },
  reregister: (a) => {
    const it = find(a.id);
    const reg = it.registration;
    if (!reg || !(it.state === 'registered' || it.state === 'printed')) return refuse('wrong_state', `Objekt ${it.id} kan inte registreras om nu.`);
    if (!reg.unprintable) refuse('printout_complete', `Utskriften för objekt ${it.id} är redan fullständig; den registreras inte på nytt.`);
    // The fake's "font" is installed by now: the new sheet is complete.
    cfg.missing_cjk_font = false;
    it.registration = { ...reg, pdf_sha256: 'f6'.repeat(32), unprintable: null };
    it.state = 'registered';
    log('registered', it.id, { designation: reg.designation, replaces: reg.pdf_sha256 });
    return view(it);
  },
  unclassify: (a) => {
    const it = find(a.id);
    if (!actions(it).unclassify) refuse('already_registered', 'Handlingen är registrerad: klassificeringen kan inte ångras längre.');
    it.classification = null;
    it.state = 'imported';
    log('reclassified', it.id, { class: null });
    return view(it);
  },
  check_personnummer: (a) => {
    const r = checkPnr(String(a.value));
    return { ...r, registered_name: clients.find((c) => c.personnummer === r.normalized)?.name ?? null };
  },
  check_arendemening: (a) => {
    const text = String(a.text);
    const warnings: string[] = [];
    if (/\d{6,8}[-+]?\d{4}/.test(text)) warnings.push('Ärendemeningen innehåller ett personnummer. Ta bort det: diariet är offentligt.');
    for (const c of clients) {
      if (text.toLowerCase().includes(c.name.split(' ')[0].toLowerCase())) warnings.push(`Ärendemeningen innehåller namnet ”${c.name.split(' ')[0]}”. Skriv utan namn.`);
    }
    for (const w of ['missbruk', 'psykisk', 'våld']) {
      if (text.toLowerCase().includes(w)) warnings.push(`Ordet ”${w}” röjer känsliga uppgifter. Välj en mer allmän beskrivning.`);
    }
    return { warnings };
  },
  clients: (a) => {
    const q = fold(String(a.text));
    return clients.filter((c) => fold(c.name).includes(q) || c.personnummer.includes(q));
  },
  register: (a) => {
    const out: ItemView[] = [];
    for (const id of ids(a)) {
      const it = find(id);
      if (!actions(it).register) {
        refuse(
          it.state === 'imported' ? 'not_classified' : 'not_allowed',
          `Handling ${id} kan inte registreras: ${it.state === 'imported' ? 'klassificera den först' : 'den är redan registrerad eller av ringa betydelse'}.${out.length ? ` ${out.length} handlingar före den registrerades.` : ''}`,
        );
      }
      it.state = 'registered';
      // As the core's fidelity gate: characters no font has (here: a private-use character, or
      // CJK while the fake's "font" is missing) make the sheet incomplete.
      const lost = [...(it.body ?? '')].filter((ch) => /[\uE000-\uF8FF]/.test(ch) || (cfg.missing_cjk_font && /\p{Script=Han}/u.test(ch))).length;
      it.registration = {
        designation: `INK-2026-${String(nextDesignation++).padStart(5, '0')}`,
        registered_at: new Date().toISOString(),
        pdf_sha256: 'd4'.repeat(32),
        diarienummer: null,
        unprintable: lost > 0 ? { count: lost, scripts: 'kinesiska tecken (han)' } : null,
      };
      log('registered', it.id, { designation: it.registration.designation });
      out.push(view(it));
    }
    return out;
  },
  open_pdf: () =>
    cfg.no_viewer
      ? refuse('viewer_failed', 'PDF-läsaren kunde inte startas: det finns inget program för PDF på datorn. Läs utskriften här i förhandsvisningen, eller skriv ut direkt.')
      : null,
  print_pdf: () => `Skickad till skrivaren PDF, jobb PDF-${++printJobs}.`,
  confirm_printed: (a) =>
    ids(a).map((id) => {
      const it = find(id);
      if (it.state !== 'registered') refuse('not_registered', `Handling ${id} är inte registrerad. Registrera den och skriv ut den först.`);
      it.state = 'printed';
      log('printed', it.id);
      return view(it);
    }),
  set_dnr: (a) => {
    const it = find(a.id);
    const dnr = String(a.diarienummer).trim();
    if (!actions(it).set_dnr || !it.registration) refuse('wrong_state', `Objekt ${it.id} väntar inte på diarienummer.`);
    if (!dnr) refuse('invalid_input', 'Diarienumret får inte vara tomt.');
    it.registration = { ...it.registration!, diarienummer: dnr };
    log('diarienummer_recorded', it.id, { diarienummer: dnr });
    return view(it);
  },
  confirm_filed: (a) =>
    ids(a).map((id) => {
      const it = find(id);
      if (!actions(it).confirm_filed) refuse('wrong_state', `Objekt ${id} kan inte markeras som arkiverat i personakten.`);
      it.filed_at = new Date().toISOString();
      log('filed_confirmed', it.id);
      return view(it);
    }),
  hold: (a) => {
    const it = find(a.id);
    const reason = String(a.reason).trim();
    if (!reason) refuse('invalid_input', 'Skälet till spärren får inte vara tomt.');
    if (!actions(it).hold) refuse('already_held', `Objekt ${it.id} är redan spärrat.`);
    it.held_reason = reason;
    log('held', it.id, { reason });
    return view(it);
  },
  set_received: (a) => {
    const it = find(a.id);
    if (!actions(it).set_received) refuse('wrong_state', `Objekt ${it.id} är registrerat; inkomstdatumet rättas inte längre.`);
    if (!a.reason.trim()) refuse('empty', 'Skäl får inte vara tomt.');
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(a.at.trim());
    if (!m) refuse('invalid_input', `Tiden ${JSON.stringify(a.at)} går inte att läsa. Skriv den som ÅÅÅÅ-MM-DD TT:MM.`);
    const before = it.received_at;
    it.received_at = new Date(`${m![1]}T${m![2]}:00+01:00`).toISOString();
    log('received_corrected', it.id, { from: before, to: it.received_at, reason: a.reason });
    return view(it);
  },
  release: (a) => {
    const it = find(a.id);
    if (!actions(it).release) refuse('not_held', `Objekt ${it.id} är inte spärrat.`);
    log('released', it.id, { reason: it.held_reason });
    it.held_reason = null;
    return view(it);
  },
  purge: (a) => {
    const it = find(a.id);
    if (!actions(it).purge) refuse('not_allowed', `Handling ${it.id} kan inte rensas: källan är inte bekräftat raderad.`);
    it.state = 'purged';
    it.body = null;
    it.body_html = null;
    it.parts = [];
    it.attachments = [];
    log('purged', it.id);
    return view(it);
  },
  off_paper: (a) => {
    const it = find(a.id);
    const files = classOf(it) === 'ringa' || it.state === 'purged' ? [] : offPaperOf(it);
    return { files: files.map((x) => ({ name: x.name, kind: offPaperKind(x) })), inner_left_out: 0 };
  },
  confirm_source_deleted: (a) => {
    const it = find(a.id);
    const why = blocked(it).find((b) => b.action === 'confirm_source_deleted');
    if (why) refuse(why.code, why.message);
    // As the core: what no paper holds goes with the source only once it is kept apart.
    const offPaper = classOf(it) === 'ringa' ? [] : offPaperOf(it);
    if (offPaper.length > 0 && actions(it).confirm_source_deleted && !a.ack_off_paper) {
      refuse(
        'attachments_off_paper',
        `Utskriften av objekt ${it.id} återger inte allt i källan, och källan raderas därför inte (ingenting ändrades):\n${offPaper
          .map((x) => `  – ${x.name} (${offPaperKind(x)})`)
          .join('\n')}\nSpara bilagorna ur inkom och bevara dem som dokumenthanteringsplanen anger (ljud, film, filer och sidor som utskriften inte återger), och bekräfta det (i appen med rutan "Bilagorna som utskriften inte återger är bevarade", på kommandoraden --ack-off-paper); då raderas källan.`,
      );
    }
    if (!actions(it).confirm_source_deleted) {
      refuse(
        'not_printed',
        'Källan kan inte raderas än: handlingen är inte registrerad och utskriven. Registrera den, skriv ut den och bekräfta utskriften först.',
      );
    }
    log('source_deleted', it.id, {
      where: it.channel === 'sms' ? 'tjänstetelefonen' : 'Outlook',
      by_inkom: Boolean(a.delete_file && it.can_delete_file),
      ...(offPaper.length > 0 ? { off_paper: { sha256: offPaper.map((x) => x.sha256) } } : {}),
    });
    // Like the core: the medium, never the path (it can hold a name; issue 13 rule 9).
    if (a.delete_file && it.can_delete_file) log('source_file_deleted', it.id, { medium: 'fil' });
    if (classOf(it) === 'ringa') {
      // As the core: the ordered keep stays until it is culled.
      it.source_gone = true;
      return view(it);
    }
    // As the core: the purge cites the default gallringsbeslut, or waits for one.
    const purgeBeslut = defaultBeslut();
    if (!purgeBeslut) {
      it.state = 'source_deleted';
      return view(it);
    }
    it.state = 'purged';
    it.body = null;
    it.body_html = null;
    it.parts = [];
    it.attachments = [];
    log('purged', it.id, { decision: citation(purgeBeslut), gallringsbeslut_id: purgeBeslut.id });
    return view(it);
  },
  cull: (a) =>
    ids(a).map((id) => {
      const it = find(id);
      const why = blocked(it).find((b) => b.action === 'cull');
      if (why) refuse(why.code, why.message);
      if (!actions(it).cull) refuse('not_ringa', `Handling ${id} är inte av ringa betydelse och kan inte gallras. Bara handlingar av ringa betydelse gallras.`);
      const beslut = applicableBeslut(String(a.decision ?? ''));
      it.state = 'culled';
      it.parts = [];
      it.body = null;
      log('culled', it.id, { decision: citation(beslut), gallringsbeslut_id: beslut.id, channel: it.channel, received_at: it.received_at });
      return view(it);
    }),
  add_gallringsbeslut: (a) => {
    requireUnlocked();
    const input = a.input as GallringsbeslutInput;
    const f = (v: string) => v.trim();
    if (!f(input.decided_by)) refuse('invalid_input', 'Ange vem som fattade gallringsbeslutet, t.ex. Socialnämnden (på en rad, högst 200 tecken).');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f(input.decided_on))) refuse('invalid_input', 'Ange beslutsdatumet som ÅÅÅÅ-MM-DD, t.ex. 2025-11-20.');
    if (!f(input.reference)) refuse('invalid_input', 'Ange beslutets referens, t.ex. diarienummer och paragraf "SN 2025/0113 § 42" (på en rad, högst 200 tecken).');
    if (!f(input.plan_section)) refuse('invalid_input', 'Ange avsnittet i dokumenthanteringsplanen, t.ex. "4.2 Handlingar av ringa betydelse" (på en rad, högst 200 tecken).');
    if (settings.gallringsbeslut.some((b) => b.reference.toLowerCase() === f(input.reference).toLowerCase()))
      refuse('gallringsbeslut_exists', `Ett gallringsbeslut med referensen ${f(input.reference)} finns redan i registret.`);
    const b = { id: settings.gallringsbeslut.length + 1, decided_by: f(input.decided_by), decided_on: f(input.decided_on), reference: f(input.reference), plan_section: f(input.plan_section) };
    settings = { ...settings, gallringsbeslut: [...settings.gallringsbeslut, b] };
    log('gallringsbeslut_added', null, { gallringsbeslut_id: b.id, reference: b.reference });
    return settings;
  },
  assign_dnr: (a) =>
    ids(a).map((id) => {
      const it = find(id);
      if (!actions(it).assign_dnr || !it.registration) refuse('not_allowed', `Handling ${id} väntar inte på diarienummer.`);
      it.registration = { ...it.registration!, diarienummer: `${settings.diary_prefix} 2026/${String(nextDnr++).padStart(4, '0')}` };
      log('diarienummer_assigned', it.id, { diarienummer: it.registration.diarienummer });
      return view(it);
    }),
  print_list: (a) => {
    const kind = a.kind as 'ringa' | 'diarium';
    const list = items.filter((it) => classOf(it) === kind && (kind === 'ringa' ? it.state === 'classified' : it.registration));
    const title = kind === 'ringa' ? 'Förteckning över handlingar av ringa betydelse' : 'Diarielista';
    const lines = list.map((it) => `${it.received_at.slice(0, 10)}  ${it.registration?.diarienummer ?? it.registration?.designation ?? ''}  ${preview(it).slice(0, 50)}`);
    log('list_printed', null, { list: kind, from: a.from, to: a.to, items: list.length });
    return { pages: [canvasPng(877, 620, lines, { title })], list_id: `${kind}-${audit.length}` };
  },
  open_list: () => null,
  print_list_pdf: (a) => {
    log('list_sent_to_printer', null, { list: a.list_id.split('-')[0] });
    return `Skickad till skrivaren PDF, jobb PDF-${++printJobs}.`;
  },
  pick_files: () => {
    PICKED.forEach((p) => granted.add(p));
    return PICKED;
  },
  import_preview: (a) => ({
    files: chosen(a.paths as string[]).map((p) =>
      p === TRUNCATED
        ? {
            path: p,
            format: 'SMS Backup & Restore (XML)',
            messages: 8,
            threads: withKnown(truncatedThreads()),
            error: { code: 'truncated', message: 'Filen sms-backup-avbruten.xml är avkortad: den tar slut mitt i ett meddelande. Exportera eller kopiera den på nytt om du kan. Annars kan de 8 fullständiga meddelandena före avbrottet importeras: kryssa i Räddningsläge nedan. Varje handling får en anteckning om att källfilen var avkortad.' },
            truncated: true,
          }
        : { path: p, format: 'SMS Backup & Restore (XML)', messages: 8, threads: withKnown(IMPORT_THREADS), error: null, truncated: false },
    ),
    ocr_available: cfg.ocr_available ?? true,
  }),
  import: (a) => {
    chosen(a.paths as string[]);
    return runImport(a);
  },
  cancel_import: () => {
    importCancelled = true;
    return null;
  },
  audit_log: (a) => {
    const list = audit.filter((e) => a.item_id === null || concerns(e, a.item_id as number)).slice().reverse();
    return { total: list.length, events: list.slice(a.offset as number, (a.offset as number) + (a.limit as number)) };
  },
  audit_verify: () => ({ ok: true, events: audit.length, first_bad: null }),
  settings: () => settings,
  set_setting: (a) => {
    const key = a.key as keyof SettingsView;
    const value = String(a.value);
    if (key === 'idle_lock_minutes') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 240) refuse('invalid_setting', 'Ange ett helt antal minuter mellan 1 och 240.');
      settings = { ...settings, idle_lock_minutes: n };
    } else if (key === 'language') {
      settings = { ...settings, language: value === 'en' ? 'en' : 'sv' };
    } else {
      settings = { ...settings, [key]: value };
    }
    session = { ...session, language: settings.language, idle_lock_minutes: settings.idle_lock_minutes, user: settings.user };
    log('setting_changed', null, { key, value });
    setupDone = true;
    return settings;
  },
  setup_state: () => setupState(),
  complete_setup: (a) => {
    requireUnlocked();
    const f = a.setup as { organisation: string; authority: string; unit: string; diary_prefix: string; user: string };
    if (!f.organisation.trim()) refuse('invalid_input', 'Ange organisationen, t.ex. kommunens namn.');
    if (!f.unit.trim()) refuse('invalid_input', 'Ange enheten, t.ex. Individ- och familjeomsorgen.');
    if (!f.user.trim()) refuse('invalid_input', 'Ange ditt namn så som det ska stå på utskrifter. Loggen anger alltid din inloggning.');
    if (!/^([\p{L}\p{N}]([\p{L}\p{N}-]{0,10}[\p{L}\p{N}])?)?$/u.test(f.diary_prefix.trim())) {
      refuse('invalid_input', 'Diarieseriens prefix får bara innehålla bokstäver, siffror och bindestreck (högst 12 tecken), t.ex. SN.');
    }
    const v = (x: string) => (x.trim() === '' ? null : x.trim());
    settings = { ...settings, organisation: v(f.organisation), authority: v(f.authority), unit: v(f.unit), diary_prefix: v(f.diary_prefix), user: f.user.trim() };
    for (const key of ['organisation', 'authority', 'unit', 'diary_prefix', 'user']) log('setting_changed', null, { key, value: (settings as Record<string, unknown>)[key] });
    session = { ...session, user: settings.user, first_run: false };
    setupDone = true;
    return setupState();
  },
  unit_status: () => {
    requireUnlocked();
    return unitStatus();
  },
  unit_sync: () => {
    requireUnlocked();
    if (!cfg.unit) refuse('unit_not_connected', 'Denna dator är inte ansluten till enhetens register.');
    if (cfg.unit_offline) {
      // As the core: out of reach is no failure; what waits, waits.
      if (unitWaiting > 0) unitLastError = 'Enhetens register gick inte att nå vid senaste försöket.';
      const message = `Enhetens register kan inte nås just nu; ${unitWaiting} registrering(ar) väntar och skickas när registret går att nå.`;
      return { status: unitStatus(), delivered: 0, numbers_back: 0, offline: true, message };
    }
    const delivered = unitWaiting;
    unitDelivered += delivered;
    unitWaiting = 0;
    unitLastError = null;
    return { status: unitStatus(), delivered, numbers_back: 0, offline: false, message: `Synkroniserat: ${delivered} skickade, 0 diarienummer hämtade, 0 väntar.` };
  },
  unit_queue: () => {
    requireUnlocked();
    if (!cfg.unit) return { mode: 'local', login: null, unit: null, rows: [], truncated: false };
    unitReachable();
    return cfg.unit === 'registrar' ? unitQueue() : { mode: 'caseworker', login: null, unit: null, rows: [], truncated: false };
  },
  unit_assign: (a) => {
    const r = unitReg(a.registration_id);
    if (r.state !== 'queued') refusedByUnit('registreringen är redan tilldelad');
    r.state = 'assigned';
    r.assigned_to = UNIT_LOGIN;
    return unitQueue();
  },
  unit_set_dnr: (a) => {
    const r = unitReg(a.registration_id);
    const dnr = a.diarienummer.trim();
    if (r.dnr) refusedByUnit('registreringen har redan ett diarienummer');
    if (!dnr || dnr.length > 40) refusedByUnit('diarienumret är tomt eller för långt');
    if (unitRegs.some((x) => x.dnr === dnr)) refusedByUnit('diarienumret används redan');
    r.dnr = dnr;
    return unitQueue();
  },
  unit_entered: (a) => {
    const r = unitReg(a.registration_id);
    if (!r.dnr) refusedByUnit('registreringen saknar diarienummer');
    if (!r.printed) refusedByUnit('registreringsbladet har inte skrivits ut');
    r.state = 'entered';
    r.has_sheet = false;
    return unitQueue();
  },
  unit_print_sheet: (a) => {
    const r = unitReg(a.registration_id);
    r.printed = true;
    const lines = [`Beteckning: ${r.designation}`, `Diarienummer: ${r.dnr ?? '–'}`, `Ärendemening: ${r.arendemening}`, `Handläggare: ${r.caseworker}`];
    return { pages: [canvasPng(620, 877, lines, { title: 'Registreringsblad' })], list_id: `blad-${r.id}` };
  },
  unit_list: (a) => {
    const rows = unitRegistrar().filter((r) => (!a.from || r.received_at.slice(0, 10) >= a.from) && (!a.to || r.received_at.slice(0, 10) <= a.to));
    const lines = rows.map((r) => `${r.dnr ?? '–'}  ${r.received_at.slice(0, 10)}  ${r.sender}  ${r.arendemening}  ${r.caseworker}`);
    return { pages: [canvasPng(877, 620, lines, { title: 'Diarielista (enhetens register)' })], list_id: `enhet-${rows.length}` };
  },
  unit_open_pdf: () => null,
  unit_print_pdf: () => `Skickad till skrivaren PDF, jobb PDF-${++printJobs}.`,
  connect_unit_register: (a) => {
    requireUnlocked();
    // As desk::unit_connect over the core's unit::join: the same refusals and Swedish texts.
    // Hosts: nere.exempelby.se does not answer, utan-tls.exempelby.se offers no TLS; the
    // login's password is UNIT_PASSWORD.
    const url = a.unit.url.trim();
    const m = /^postgres(?:ql)?:\/\/([^@/]+)@([^/:]+)(?::\d+)?\/(\w+)$/.exec(url);
    if (m && m[1].includes(':')) refuse('invalid_input', 'Skriv inte lösenordet i adressen; skriv det i fältet Lösenord.');
    if (!m) refuse('invalid_input', 'Adressen kunde inte läsas. Den ska se ut så här: postgres://inloggning@server/databas (som IT har angett).');
    const [, , host, database] = m as RegExpExecArray;
    if (a.unit.password === '') refuse('no_password', 'Skriv lösenordet till din inloggning i enhetens register.');
    if (host === 'nere.exempelby.se') {
      refuse('unit_unreachable', 'Servern går inte att nå. Kontrollera adressen och att datorn är ansluten till kommunens nät, eller anslut senare under Inställningar.');
    }
    if (host === 'utan-tls.exempelby.se') {
      refuse('unit_tls', 'Servern tog inte emot en krypterad anslutning, eller dess certifikat godtogs inte (okänd utfärdare eller fel servernamn). inkom ansluter aldrig okrypterat till en annan dator: kontakta IT.');
    }
    if (a.unit.password !== UNIT_PASSWORD) refuse('unit_login_refused', 'Fel inloggning eller lösenord. Kontrollera lösenordet (och inloggningen i adressen).');
    if (settings.diary_prefix) {
      refuse('local_series', 'Du har angett en egen diarieserie. Med enhetens register delar registret ut diarienumren: töm fältet Diarieserie (under Inställningar, eller i set-upens förra steg) och anslut igen.');
    }
    log('sealed_for_recovery', null, { fingerprint: 'SHA256:4f1c9a7e20b3d5c8', file: 'inkom.recovery' });
    cfg.unit = 'caseworker';
    return { url, database, password_saved: true, recovery_fingerprint: 'SHA256:4f1c9a7e20b3d5c8' };
  },
  change_passphrase: (a) => {
    requireUnlocked();
    // As desk::session::change_passphrase over the core: the current one proves itself, the
    // new one is checked; the log records the change, never a passphrase.
    if (a.change.current !== passphrase) refuse('wrong_current_passphrase', 'Den nuvarande lösenfrasen stämmer inte. Lösenfrasen är inte bytt.');
    if ([...a.change.new].length < 10) refuse('invalid_input', 'Lösenfrasen måste ha minst 10 tecken.');
    if (a.change.new === a.change.current) refuse('invalid_input', 'Den nya lösenfrasen är samma som den du har. Välj en annan.');
    passphrase = a.change.new;
    log('passphrase_changed', null, {});
    return null;
  },
  import_clients: (a) => {
    chosen([String(a.path)]);
    return { imported: 2, updated: 1, rejected: [{ line: 4, message: 'Ogiltigt personnummer: kontrollsiffran stämmer inte.' }] };
  },
};

if (!cfg.fresh) seed();
mockWindows('main');
// A drop on the window: as the shell's DragDrop handler, the fake grants its paths and tells the
// UI their handles in `inkom://dropped` (a handle is the path itself when it is valid Unicode).
window.__INKOM_EMIT__ = (async (event: string, payload?: unknown) => {
  await emit(event, payload);
  if (event === 'tauri://drag-drop') {
    const paths = (payload as { paths: string[] }).paths;
    for (const p of paths) granted.add(p);
    if (paths.length > 0) await emit('inkom://dropped', paths);
  }
}) as typeof emit;
mockIPC(
  async (cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    window.__INKOM_CALLS__.push({ cmd, args: cmd === 'import' ? { paths: a.paths, selection: a.selection } : a });
    const h = (commands as Record<string, (a: unknown) => unknown>)[cmd];
    // A test may make the next call of a command fail as the core would.
    const fail = window.__INKOM_FAIL_NEXT__;
    if (fail && fail.cmd === cmd) {
      window.__INKOM_FAIL_NEXT__ = undefined;
      throw { code: fail.code, message: fail.message };
    }
    if (!['pdf_page', 'inbox', 'item', 'session_state', 'settings', 'clients', 'check_personnummer', 'check_arendemening', 'audit_log', 'attachment_data', 'registration_preview', 'unit_status', 'unit_queue'].includes(cmd)) dataVersion++;
    if (!h) throw { code: 'unknown_command', message: `Okänt kommando ${cmd}.` };
    try {
      return await h(a);
    } catch (e) {
      if (e instanceof Refusal) throw { code: e.code, message: e.message };
      throw e;
    }
  },
  { shouldMockEvents: true },
);
