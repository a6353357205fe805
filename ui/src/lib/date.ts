/**
 * A typed Swedish date, whatever the machine's locale: "2026-11-05", "20261105" or
 * "2026-11-5" become "2026-11-05"; empty stays empty; anything else (or a day that does not
 * exist) is null.
 */
export function parseSvDate(text: string): string | null {
  const v = text.trim();
  if (v === '') return '';
  const m = /^(\d{4})-?(\d{1,2})-?(\d{1,2})$/.exec(v.replace(/[./ ]/g, '-'));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
