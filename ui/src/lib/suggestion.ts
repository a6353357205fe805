import type { ItemView, Suggestion, SuggestionField } from '../api/types';

/**
 * The text a suggestion's offsets point into. `text` is the body, or for an SMS thread without a
 * body the messages joined by newlines (what the core indexes for search).
 */
export function fieldText(item: Pick<ItemView, 'subject' | 'sender' | 'body' | 'parts'>, field: string): string {
  switch (field as SuggestionField) {
    case 'subject':
      return item.subject ?? '';
    case 'from':
      return item.sender ?? '';
    case 'text':
      return item.body ?? item.parts.map((p) => p.text).join('\n');
    default:
      return '';
  }
}

/** The flags' spans grouped by the item field they point into (a reason's own spans point into
 * item fields too; the panel lists reasons as text). Unknown fields are ignored. */
export function spansByField(s: Suggestion): Record<SuggestionField, { start: number; end: number }[]> {
  const out: Record<SuggestionField, { start: number; end: number }[]> = { subject: [], text: [], from: [] };
  for (const f of s.flags) {
    if (f.field === 'subject' || f.field === 'text' || f.field === 'from') out[f.field].push({ start: f.start, end: f.end });
  }
  return out;
}
