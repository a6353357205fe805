import { describe, expect, it } from 'vitest';
import { parseSvDate } from '../src/lib/date';

describe('parseSvDate', () => {
  it('accepts ÅÅÅÅ-MM-DD as typed, and the usual variants', () => {
    expect(parseSvDate('2026-11-05')).toBe('2026-11-05');
    expect(parseSvDate(' 20261105 ')).toBe('2026-11-05');
    expect(parseSvDate('2026-11-5')).toBe('2026-11-05');
    expect(parseSvDate('2026.11.05')).toBe('2026-11-05');
    expect(parseSvDate('')).toBe('');
  });
  it('refuses days that do not exist and other orders', () => {
    expect(parseSvDate('2026-02-30')).toBeNull();
    expect(parseSvDate('2026-13-01')).toBeNull();
    expect(parseSvDate('05/11/2026')).toBeNull();
    expect(parseSvDate('igår')).toBeNull();
  });
});
