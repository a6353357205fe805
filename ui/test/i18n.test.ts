import { describe, expect, it } from 'vitest';
import { sv } from '../src/i18n/sv';
import { en } from '../src/i18n/en';
import { format } from '../src/i18n/index.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('English has exactly the Swedish keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
  });
  it('every text is non-empty and uses the same placeholders in both languages', () => {
    for (const key of Object.keys(sv) as (keyof typeof sv)[]) {
      expect(sv[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(sv[key]));
    }
  });
  it('format fills placeholders and leaves unknown ones visible', () => {
    expect(format('{count} handlingar', { count: 3 })).toBe('3 handlingar');
    expect(format('Rad {line}: {message}', { line: 4 })).toBe('Rad 4: {message}');
  });
  it('no component holds a hard-coded Swedish sentence', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = new URL('../src/components/', import.meta.url);
    const offenders: string[] = [];
    for (const f of await readdir(dir)) {
      if (!f.endsWith('.svelte')) continue;
      const markup = (await readFile(new URL(f, dir), 'utf8')).replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<!--[\s\S]*?-->|<kbd[^>]*>[^<]*<\/kbd>/g, '');
      // Text between tags that contains letters and is not an expression.
      for (const m of markup.matchAll(/>([^<>{}]*[A-Za-zÅÄÖåäö]{3,}[^<>{}]*)</g)) offenders.push(`${f}: ${m[1].trim()}`);
    }
    expect(offenders).toEqual([]);
  });
});
