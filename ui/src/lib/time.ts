// Times arrive as RFC 3339 strings; users read them in Europe/Stockholm, Swedish style
// (2026-11-02 10:03), whatever the machine's zone is.
const ZONE = 'Europe/Stockholm';

const dateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('sv-SE', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR = 3600 * 1000;

/**
 * "2026-11-02 10:03"; in the hour the clocks go back, when every Stockholm time happens twice,
 * with "(sommartid)" or "(normaltid)" as the printout says it (the core's `model::local_time`).
 */
export function formatDateTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const shown = dateTime.format(d);
  if (shown === dateTime.format(new Date(d.getTime() + HOUR))) return `${shown} (sommartid)`;
  if (shown === dateTime.format(new Date(d.getTime() - HOUR))) return `${shown} (normaltid)`;
  return shown;
}

export function formatDate(rfc3339: string): string {
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? rfc3339 : dateOnly.format(d);
}

/** Today's date in Stockholm as YYYY-MM-DD (for date inputs and secrecy markings). */
export function todayStockholm(now: Date = new Date()): string {
  return dateOnly.format(now);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}
