/** A piece of text; `ltr` pieces are phone numbers or dates to show in an LTR isolate. */
export interface Run {
  text: string;
  ltr: boolean;
}

/** Letters of right-to-left scripts (Hebrew, Arabic and its presentation forms, Syriac, Thaana, N'Ko), as the core's PDF writer counts them. */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/** A number with separators: "070-174 06 11", "+46 70 174 06 05", "2026-11-03". */
const NUMBER = /\+?\d+(?:[- /.]\d+)*/g;

export function hasRtl(text: string): boolean {
  return RTL.test(text);
}

/**
 * Splits `text` so that each phone number or date with separators can be shown in a
 * left-to-right isolate (`<bdi dir="ltr">`). By the Unicode bidi algorithm alone, digit groups
 * after an Arabic word are laid out right to left, so "070-174 06 11" would read "11 06 070-174";
 * the isolate (UAX #9's HL4, as the PDF writer does) keeps the number as written. A plain
 * number without separators ("10") needs no isolate and gets none.
 */
export function isolateNumbers(text: string): Run[] {
  const out: Run[] = [];
  let pos = 0;
  for (const m of text.matchAll(NUMBER)) {
    const n = m[0];
    const start = m.index ?? 0;
    const separated = n.startsWith('+') || /[- /]/.test(n);
    if (!separated) continue;
    if (start > pos) out.push({ text: text.slice(pos, start), ltr: false });
    out.push({ text: n, ltr: true });
    pos = start + n.length;
  }
  if (pos < text.length || out.length === 0) out.push({ text: text.slice(pos), ltr: false });
  return out;
}
