import type { ItemView } from '../api/types';
import { formatDateTime } from './time';
import { senderText } from './sender';

/**
 * One line naming an item in a confirmation: who, when, and its one identifier (the diary
 * number, else the designation; the internal id is for the history only). A group conversation
 * names every participant, so the caseworker does not confirm the wrong thread.
 */
export function itemLabel(v: ItemView, unknown: string): string {
  const who = participants(v, unknown);
  const id = v.registration?.diarienummer ?? v.registration?.designation ?? null;
  const when = formatDateTime(v.received_at);
  return id ? `${who}, ${when}, ${id}` : `${who}, ${when}`;
}

/**
 * The sender, and for a group conversation the other participants too: each number in one
 * format (Swedish, "070-174 06 48"), with the name when known ("Maria Lind (070-174 06 55)"),
 * so a heading never mixes "+46701740655" with "070-174 06 99". A one-to-one item's sender is
 * shown as everywhere else ([senderText]).
 */
export function participants(v: Pick<ItemView, 'sender' | 'sender_label' | 'recipients'>, unknown: string): string {
  const others = v.recipients.filter((r) => r && r !== v.sender);
  if (others.length === 0) return senderText(v.sender_label, v.sender, unknown);
  return joinSv([participantText(v.sender_label, v.sender, unknown), ...others.map((r) => participantText(null, r, unknown))]);
}

/**
 * One participant of a conversation: "Name (070-174 06 48)" when a name is known (from the
 * client register, `label`, or carried in the address as "+46701740648 (Name)"), else the
 * number alone, always in the Swedish format; an address that is not a Swedish mobile number
 * stays as given.
 */
export function participantText(label: string | null, address: string | null, unknown: string): string {
  const a = address?.trim() || null;
  const registered = label?.trim() || null;
  if (!a) return registered ?? unknown;
  const paren = /^(\+?[\d\s-]+?)\s*\(([^()]+)\)$/.exec(a);
  const number = phoneSv(paren ? paren[1].trim() : a);
  const carried = paren ? paren[2].trim() : null;
  const name = registered ?? carried;
  if (!name || name.toLowerCase() === number.toLowerCase()) return number;
  // A register name that differs from the export's keeps both, so neither is lost.
  if (registered && carried && registered.toLowerCase() !== carried.toLowerCase()) return `${registered} (${number}, ${carried})`;
  return `${name} (${number})`;
}

/** "A, B och C". */
export function joinSv(parts: string[], and = 'och'): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${and} ${parts[parts.length - 1]}`;
}

/** A Swedish mobile number as people write it ("+46701740648" → "070-174 06 48"); others as given. */
export function phoneSv(n: string): string {
  const m = /^(?:\+46|0046|0)(7\d)(\d{3})(\d{2})(\d{2})$/.exec(n.replace(/[\s-]/g, ''));
  return m ? `0${m[1]}-${m[2]} ${m[3]} ${m[4]}` : n;
}

/**
 * Everyone in a conversation of the import picker. A group thread's key lists every number
 * ("+4670…,+4670…"); the counterpart names one of them, perhaps with a name from the export.
 */
export function threadParticipants(key: string, counterpart: string): string[] {
  const numbers = key.split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (numbers.length < 2) return [counterpart];
  return numbers.map((n) => (counterpart.startsWith(n) ? counterpart.replace(n, phoneSv(n)) : phoneSv(n)));
}

/**
 * What stands in the sender's place when there is none: a purged item's reason (see
 * [goneSenderKey]), "Skärmdump" for a screenshot (a picture has no sender to know), else
 * "Okänd avsändare".
 */
export function noSenderKey(
  state: string,
  cls: string | null,
  channel: string,
): 'inbox.sender_secret' | 'inbox.sender_in_akt' | 'inbox.screenshot' | 'inbox.unknown_sender' {
  return goneSenderKey(state, cls) ?? (channel === 'screenshot' ? 'inbox.screenshot' : 'inbox.unknown_sender');
}

/**
 * The i18n key for what stands in a purged item's sender place: the sender is kept unless
 * secret (5 kap. 2 § OSL), so a purged diarium item without one had a secret sender; a personakt
 * item's facts are in the akt. `null` when the sender is simply unknown.
 */
export function goneSenderKey(state: string, cls: string | null): 'inbox.sender_secret' | 'inbox.sender_in_akt' | null {
  if (state !== 'purged') return null;
  if (cls === 'diarium') return 'inbox.sender_secret';
  if (cls === 'personakt') return 'inbox.sender_in_akt';
  return null;
}
