/**
 * How a sender is named in the list and the item: the client register's name with the address,
 * once. Some exports already carry the name in the address ("+46701740617 (Jonas Ek)"); the
 * name is then not repeated ("Jonas Ek (+46701740617)", never "Jonas Ek (+46701740617 (Jonas Ek))").
 */
export function senderText(label: string | null, sender: string | null, unknown: string): string {
  const address = sender?.trim() || null;
  const name = label?.trim() || null;
  if (!address) return name ?? unknown;
  if (!name) return address;
  const bare = stripName(address, name);
  if (bare === '') return name;
  return `${name} (${bare})`;
}

/** The address without the name it may already carry, in parentheses or before `<…>`. */
function stripName(address: string, name: string): string {
  const lower = name.toLowerCase();
  const paren = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(address);
  if (paren && paren[2].trim().toLowerCase() === lower) return paren[1].trim();
  const angle = /^\s*"?([^"<]*)"?\s*<([^>]+)>\s*$/.exec(address);
  if (angle && angle[1].trim().toLowerCase() === lower) return angle[2].trim();
  if (address.toLowerCase() === lower) return '';
  return address;
}
