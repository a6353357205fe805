// An audit event's details as the user reads them: Swedish labels and values ("Raderad av:
// handläggaren"), never the stored keys ("by_inkom: false"). Unknown keys are shown as stored,
// so nothing recorded is hidden.
import type { MessageKey } from '../i18n/index.svelte';
import { formatDateTime } from './time';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
type Has = (key: string) => boolean;

const LABELS: Record<string, MessageKey> = {
  channel: 'detail.channel',
  source_sha256: 'detail.checksum',
  pdf_sha256: 'detail.checksum',
  sha256: 'detail.checksum',
  locator: 'detail.locator',
  attachments: 'detail.attachments',
  previous_class: 'detail.previous_class',
  class: 'detail.class',
  designation: 'detail.designation',
  diarienummer: 'detail.diarienummer',
  where: 'detail.where',
  by_inkom: 'detail.by',
  path: 'detail.path',
  key: 'detail.setting',
  value: 'detail.value',
  decision: 'detail.decision',
  received_at: 'detail.received_at',
  list: 'detail.list',
  from: 'detail.from',
  items: 'detail.items',
  first_item: 'detail.first_item',
  last_item: 'detail.last_item',
  items_sha256: 'detail.items_checksum',
  added: 'detail.added',
  updated: 'detail.updated',
  rejected: 'detail.rejected',
  format: 'detail.format',
  gallringsbeslut_id: 'detail.gallringsbeslut_id',
  display_name: 'detail.display_name',
  secrecy: 'detail.secrecy',
  fingerprint: 'detail.fingerprint',
  file: 'detail.file',
  reading: 'detail.reading',
  unit_login: 'detail.unit_login',
  again: 'detail.again',
  replaces_pdf_sha256: 'detail.replaces_pdf',
  unprintable: 'detail.unprintable',
  unprintable_before: 'detail.unprintable_before',
};

/**
 * The order an event's details are read in, where the stored order (the core writes JSON keys
 * alphabetically) would put them out of sense: an import first says how many documents, then
 * which, then from what. Keys not listed follow in stored order.
 */
const ORDER: Record<string, string[]> = {
  imported: ['items', 'first_item', 'last_item', 'format', 'source_sha256', 'items_sha256'],
  registered: ['designation', 'diarienummer', 'again', 'pdf_sha256', 'replaces_pdf_sha256', 'unprintable_before', 'unprintable'],
};

/** The label and value pairs of one event's details, in reading order ([`ORDER`], else stored
 * order); empty values left out. */
export function detailParts(action: string, detail: unknown, t: T, has: Has): [string, string][] {
  if (detail === null || detail === undefined) return [];
  if (typeof detail !== 'object') return [['', String(detail)]];
  const order = ORDER[action] ?? [];
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  // A stable sort: keys of equal rank keep their stored order.
  const entries = Object.entries(detail as Record<string, unknown>).sort(([a], [b]) => rank(a) - rank(b));
  const out: [string, string][] = [];
  for (const [k, v] of entries) {
    if (v === null || v === undefined || v === '') continue;
    out.push([label(action, k, t), value(k, v, t, has)]);
  }
  return out;
}

function label(action: string, key: string, t: T): string {
  // `to` is a file for an export and a date for a list.
  if (key === 'to') return t(action === 'exported' ? 'detail.saved_to' : 'detail.to');
  if (action === 'clients_imported' && key === 'updated') return t('detail.updated_count');
  if (action === 'imported' && key === 'source_sha256') return t('detail.source_checksum');
  const k = LABELS[key];
  return k ? t(k) : key;
}

function value(key: string, v: unknown, t: T, has: Has): string {
  if (key === 'by_inkom') return v ? t('detail.by_inkom') : t('detail.by_user');
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (typeof v === 'string') {
    if (key.endsWith('sha256')) return `${v.slice(0, 12)}…`;
    if (key === 'received_at') return formatDateTime(v);
    if ((key === 'class' || key === 'previous_class') && has(`class.${v}`)) return t(`class.${v}` as MessageKey);
    if (key === 'channel' && has(`channel.${v}`)) return t(`channel.${v}` as MessageKey);
    if (key === 'format' && has(`format.${v}`)) return t(`format.${v}` as MessageKey);
    if (key === 'list' && has(`detail.list_${v}`)) return t(`detail.list_${v}` as MessageKey);
    if (key === 'key' && has(`settings.${v}`)) return t(`settings.${v}` as MessageKey);
    if (key === 'reading' && has(`detail.reading_${v}`)) return t(`detail.reading_${v}` as MessageKey);
    if (key === 'fingerprint') return `${v.slice(0, 16)}…`;
    return v;
  }
  // Item numbers are names, not amounts: no thousands separator.
  if (typeof v === 'number' && (key === 'first_item' || key === 'last_item')) return String(v);
  if (typeof v === 'number') return v.toLocaleString('sv-SE');
  if (key === 'secrecy' && typeof v === 'object' && v !== null) {
    const m = v as Record<string, unknown>;
    return [m.provision, m.authority, m.date].filter((x) => typeof x === 'string' && x !== '').join(', ');
  }
  return JSON.stringify(v);
}

/**
 * The item or items an event is about, as the printed audit log names them: its own item, or
 * an import's range ("1–28"; one item alone: "9"); "–" for an event about no item.
 */
export function eventItems(itemId: number | null, action: string, detail: unknown): string {
  if (itemId !== null) return String(itemId);
  const d = detail as Record<string, unknown> | null;
  if (action === 'imported' && typeof d?.first_item === 'number' && typeof d?.last_item === 'number') {
    return d.first_item === d.last_item ? String(d.first_item) : `${d.first_item}–${d.last_item}`;
  }
  return '–';
}

/** The event's name; a created list names which list ("Diarielista skapad"). */
export function actionName(action: string, detail: unknown, t: T, has: Has): string {
  const list = (detail as Record<string, unknown> | null)?.list ?? (detail as Record<string, unknown> | null)?.kind;
  if (action === 'list_printed' && typeof list === 'string' && has(`detail.list_created_${list}`)) {
    return t(`detail.list_created_${list}` as MessageKey);
  }
  if (action === 'list_sent_to_printer' && typeof list === 'string' && has(`detail.list_sent_${list}`)) {
    return t(`detail.list_sent_${list}` as MessageKey);
  }
  const key = `action.${action}`;
  return has(key) ? t(key as MessageKey) : action;
}
