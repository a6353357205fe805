import type { InboxRow, ItemView } from '../api/types';
import { t } from '../i18n/index.svelte';
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
export function participants(
  v: Pick<ItemView, 'sender' | 'sender_label' | 'recipients'> & Partial<Pick<ItemView, 'direction' | 'sent_to' | 'sent_to_label'>>,
  unknown: string,
): string {
  if (v.direction === 'out') return sentToText(v.sent_to ?? [], v.sent_to_label ?? null, unknown);
  const others = v.recipients.filter((r) => r && r !== v.sender);
  if (others.length === 0) return senderText(v.sender_label, v.sender, unknown);
  return joinSv([participantText(v.sender_label, v.sender, unknown), ...others.map((r) => participantText(null, r, unknown))]);
}

/** What names an item's party: the fields a list row and an item view share. */
type Party = Pick<InboxRow & ItemView, 'direction' | 'sender' | 'sender_label' | 'sent_to' | 'sent_to_label' | 'state' | 'class' | 'channel'>;

/**
 * Who a list row or an item is about, as the register names its party: the sender of one
 * received; for one sent, whom it went to ("Till 070-174 06 48", "Till Amira Haddad
 * (070-174 06 05)"), so a caseworker's own reply is not shown as from an "Okänd avsändare".
 * An absent party is named by [noSenderKey].
 */
export function partyText(v: Party): string {
  const unknown = t(noSenderKey(v.state, v.class, v.channel, v.direction));
  if (v.direction === 'out') return sentToText(v.sent_to, v.sent_to_label, unknown);
  // A phone number as Swedes write it, as everywhere in a conversation; an e-mail address as
  // its sender wrote it (with the display name the register does not repeat).
  return v.channel === 'sms' ? participantText(v.sender_label, v.sender, unknown) : senderText(v.sender_label, v.sender, unknown);
}

/**
 * "Till A, B och C": whom an item sent went to as the core lists them (To, then Cc, then Bcc:
 * `model::sent_to`), the first with the client register's name when it has one.
 */
function sentToText(sentTo: string[], label: string | null, unknown: string): string {
  const names = sentTo
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((r, i) => participantText(i === 0 ? label : null, r, unknown));
  return names.length === 0 ? unknown : t('inbox.to', { names: joinSv(names) });
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
 * What stands in the party's place when there is none: a purged item's reason (see
 * [goneSenderKey]), "Skärmdump" for a screenshot (a picture has no sender to know), else
 * "Okänd avsändare" ("Okänd mottagare" for an item sent).
 */
export function noSenderKey(
  state: string,
  cls: string | null,
  channel: string,
  direction: 'in' | 'out' = 'in',
): 'inbox.sender_secret' | 'inbox.sender_in_akt' | 'inbox.screenshot' | 'inbox.unknown_sender' | 'inbox.unknown_recipient' {
  const gone = goneSenderKey(state, cls);
  if (gone) return gone;
  if (channel === 'screenshot') return 'inbox.screenshot';
  return direction === 'out' ? 'inbox.unknown_recipient' : 'inbox.unknown_sender';
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
