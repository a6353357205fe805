/**
 * The file name of a path as the core sends it (`inkom::path_text`): a normal path as written,
 * or, for a name that is not valid Unicode, `bytes:` followed by the path with each such byte
 * written `\xHH` and each backslash doubled. Splitting that form on every `\` would cut the
 * escapes apart ("sk\xe5rmbild.png" would show as "xe5rmbild.png"), so only `/` and a doubled
 * backslash (a Windows separator) separate there.
 */
export function fileName(path: string): string {
  const marker = 'bytes:';
  if (path.startsWith(marker)) {
    const rest = path.slice(marker.length);
    return rest.split(/\/|\\\\/).pop() || rest;
  }
  return path.split(/[\\/]/).pop() || path;
}
