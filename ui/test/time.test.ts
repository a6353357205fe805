import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../src/lib/time';

describe('formatDateTime', () => {
  it('says which 02:30 a time in the hour the clocks go back is, as the printout does', () => {
    expect(formatDateTime('2024-10-27T00:30:00Z')).toBe('2024-10-27 02:30 (sommartid)');
    expect(formatDateTime('2024-10-27T01:30:00Z')).toBe('2024-10-27 02:30 (normaltid)');
    expect(formatDateTime('2024-10-27T02:00:00Z')).toBe('2024-10-27 03:00');
    expect(formatDateTime('2024-10-26T23:59:00Z')).toBe('2024-10-27 01:59');
    expect(formatDateTime('2024-03-31T01:30:00Z')).toBe('2024-03-31 03:30');
    expect(formatDateTime('2026-11-02T09:03:00Z')).toBe('2026-11-02 10:03');
    expect(formatDateTime('inte en tid')).toBe('inte en tid');
  });
});
