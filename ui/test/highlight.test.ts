import { describe, expect, it } from 'vitest';
import { excerpt, splitHighlights } from '../src/lib/highlight';

const join = (segs: { text: string; hit: boolean }[]) => segs.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('');

describe('splitHighlights (UTF-16 offsets)', () => {
  it('marks a span', () => {
    expect(join(splitHighlights('en orosanmälan om barn', [{ start: 3, end: 14 }]))).toBe('en [orosanmälan] om barn');
  });
  it('counts an emoji before the span as two code units, as the core sends it', () => {
    const text = '😀 hungrig';
    expect(text.indexOf('hungrig')).toBe(3);
    expect(join(splitHighlights(text, [{ start: 3, end: 10 }]))).toBe('😀 [hungrig]');
  });
  it('never cuts a surrogate pair in half', () => {
    const segs = splitHighlights('a😀b', [{ start: 2, end: 3 }]);
    expect(join(segs)).toBe('a[😀]b');
    for (const s of segs) expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(s.text)).toBe(false);
  });
  it('merges overlapping and touching spans, sorts them, clamps and drops bad ones', () => {
    const text = 'abcdefghij';
    expect(
      join(
        splitHighlights(text, [
          { start: 6, end: 8 },
          { start: 1, end: 3 },
          { start: 2, end: 4 },
          { start: 4, end: 5 },
          { start: 9, end: 99 },
          { start: 5, end: 5 },
          { start: 7, end: 6 },
        ]),
      ),
    ).toBe('a[bcde]f[gh]i[j]');
  });
  it('returns the text unmarked without spans, and one empty segment for empty text', () => {
    expect(splitHighlights('abc', [])).toEqual([{ text: 'abc', hit: false }]);
    expect(splitHighlights('', [{ start: 0, end: 2 }])).toEqual([{ text: '', hit: false }]);
  });
});

describe('excerpt', () => {
  it('cuts at word boundaries and shifts the span into the excerpt', () => {
    const text = 'Eleven har vid flera tillfällen kommit till skolan hungrig och berättat om bråk i hemmet.';
    const s = text.indexOf('hungrig');
    const ex = excerpt(text, s, s + 7, 15);
    expect(ex.text.slice(ex.start, ex.end)).toBe('hungrig');
    expect(ex.before).toBe(true);
    expect(ex.after).toBe(true);
    expect(ex.text.startsWith(' ')).toBe(false);
  });
});
