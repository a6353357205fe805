import { describe, expect, it } from 'vitest';
import { hasRtl, isolateNumbers } from '../src/lib/bidi';

describe('numbers in right-to-left text', () => {
  it('isolates phone numbers and dates with separators, nothing else', () => {
    expect(isolateNumbers('رقمي 070-174 06 11 الساعة 10')).toEqual([
      { text: 'رقمي ', ltr: false },
      { text: '070-174 06 11', ltr: true },
      { text: ' الساعة 10', ltr: false },
    ]);
    expect(isolateNumbers('+46 70 174 06 05 و 2026-11-03')).toEqual([
      { text: '+46 70 174 06 05', ltr: true },
      { text: ' و ', ltr: false },
      { text: '2026-11-03', ltr: true },
    ]);
  });

  it('keeps the text whole: the runs join to the original', () => {
    for (const s of ['', 'سلام', '12', 'a 070-1740606 b\n3.5', 'שלום 08-123 45 67']) {
      expect(isolateNumbers(s).map((r) => r.text).join('')).toBe(s);
    }
  });

  it('knows right-to-left letters', () => {
    expect(hasRtl('Hej 070-174 06 11')).toBe(false);
    expect(hasRtl('שלום')).toBe(true);
    expect(hasRtl('مرحبا')).toBe(true);
  });
});
