import { describe, expect, it } from 'vitest';
import { FALLBACK, normalizeError } from '../src/api/errors';

describe('error normalisation', () => {
  it('keeps the core shape and its Swedish message', () => {
    expect(normalizeError({ code: 'not_printed', message: 'Bekräfta utskriften först.' })).toEqual({
      code: 'not_printed',
      message: 'Bekräfta utskriften först.',
    });
  });
  it('unwraps {error: {...}} as the CLI prints it', () => {
    expect(normalizeError({ error: { code: 'locked', message: 'inkom är låst.', detail: 'x' } })).toEqual({
      code: 'locked',
      message: 'inkom är låst.',
    });
  });
  it('never shows an English JS message or a bare string to the user', () => {
    expect(normalizeError('command item not found')).toEqual({ code: 'unknown', message: FALLBACK.unknown });
    expect(normalizeError(new Error('Cannot read properties of undefined'))).toEqual({ code: 'unknown', message: FALLBACK.unknown });
    expect(normalizeError(null)).toEqual({ code: 'unknown', message: FALLBACK.unknown });
    expect(normalizeError({ code: 'x', message: '   ' })).toEqual({ code: 'x', message: FALLBACK.unknown });
  });
  it('says the core is missing when Tauri is not there', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'invoke')");
    expect(normalizeError(e).code).toBe('no_backend');
  });
});
