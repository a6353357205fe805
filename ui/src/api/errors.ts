import type { AppError } from './types';

/** Swedish fallback texts for errors that do not come from the core (kept here, not in i18n,
 * because the core's messages are Swedish too and the error area shows them as they are). */
export const FALLBACK: Record<string, string> = {
  unknown:
    'Något gick fel i inkom. Försök igen. Om felet kommer tillbaka: starta om programmet och kontakta IT-supporten.',
  no_backend:
    'Programmets kärna svarar inte. Starta om inkom. Om felet kommer tillbaka: kontakta IT-supporten.',
};

function isAppError(e: unknown): e is AppError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as AppError).code === 'string' &&
    typeof (e as AppError).message === 'string'
  );
}

/**
 * Every rejection from the shell becomes `{code, message}` with a Swedish message. The core's
 * messages are kept as they are; anything else (a bare string, a JS exception) gets a plain
 * Swedish fallback, because the English detail of a JS error is no help to a caseworker.
 */
export function normalizeError(e: unknown): AppError {
  if (isAppError(e)) {
    const message = e.message.trim();
    return { code: e.code, message: message || FALLBACK.unknown };
  }
  if (typeof e === 'object' && e !== null && 'error' in e) {
    return normalizeError((e as { error: unknown }).error);
  }
  if (e instanceof TypeError && /__TAURI_INTERNALS__|invoke/.test(e.message)) {
    return { code: 'no_backend', message: FALLBACK.no_backend };
  }
  return { code: 'unknown', message: FALLBACK.unknown };
}

/** An error thrown by backend.ts: carries the normalised shape, so callers only ever see one. */
export class BackendError extends Error implements AppError {
  readonly code: string;
  constructor(e: AppError) {
    super(e.message);
    this.code = e.code;
    this.name = 'BackendError';
  }
}
