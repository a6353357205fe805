/** A piece of a field's text, marked when a suggestion span covers it. */
export interface Segment {
  text: string;
  hit: boolean;
}

/**
 * Splits `text` at the given spans. Spans are UTF-16 code-unit offsets (what JS strings index),
 * as the core sends them. Overlapping or touching spans are merged, spans outside the text are
 * clamped, empty or reversed ones dropped, and a boundary that would cut a surrogate pair is
 * moved outward so an emoji is never split in two.
 */
export function splitHighlights(text: string, spans: { start: number; end: number }[]): Segment[] {
  const len = text.length;
  const ranges = spans
    .map(({ start, end }) => [clamp(widenStart(text, start), len), clamp(widenEnd(text, end), len)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: number[][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  const out: Segment[] = [];
  let pos = 0;
  for (const [s, e] of merged) {
    if (s > pos) out.push({ text: text.slice(pos, s), hit: false });
    out.push({ text: text.slice(s, e), hit: true });
    pos = e;
  }
  if (pos < len || out.length === 0) out.push({ text: text.slice(pos), hit: false });
  return out;
}

function clamp(n: number, len: number): number {
  return Math.max(0, Math.min(Number.isFinite(n) ? Math.trunc(n) : 0, len));
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function widenStart(text: string, i: number): number {
  return i > 0 && i < text.length && isLowSurrogate(text.charCodeAt(i)) ? i - 1 : i;
}

function widenEnd(text: string, i: number): number {
  return i > 0 && i < text.length && isLowSurrogate(text.charCodeAt(i)) ? i + 1 : i;
}

/**
 * A short excerpt around one span, for the suggestion panel: `context` code units either side,
 * cut at word boundaries where possible, with the span's offsets shifted into the excerpt.
 */
export function excerpt(
  text: string,
  start: number,
  end: number,
  context = 40,
): { text: string; start: number; end: number; before: boolean; after: boolean } {
  const s = clamp(widenStart(text, start), text.length);
  const e = clamp(widenEnd(text, end), text.length);
  let from = Math.max(0, s - context);
  let to = Math.min(text.length, e + context);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < s) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > e) to = space;
  }
  from = widenStart(text, from);
  to = widenEnd(text, to);
  return { text: text.slice(from, to), start: s - from, end: e - from, before: from > 0, after: to < text.length };
}
