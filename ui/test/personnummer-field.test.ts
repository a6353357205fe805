import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PersonnummerField, type PnrState } from '../src/lib/personnummerField';
import type { PersonnummerCheck } from '../src/api/types';

const VALID: PersonnummerCheck = { valid: true, normalized: '19121212-1212', message: null, registered_name: 'Amira Haddad' };
const BAD: PersonnummerCheck = { valid: false, normalized: null, message: 'Kontrollsiffran stämmer inte.', registered_name: null };

function setup(answer: (v: string) => Promise<PersonnummerCheck>) {
  const states: PnrState[] = [];
  const check = vi.fn(answer);
  const f = new PersonnummerField(check, (s) => states.push(s), 250);
  return { f, check, states, last: () => states[states.length - 1] };
}

describe('personnummer field', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks once after the typing pause, not per keystroke', async () => {
    const { f, check, last } = setup(async () => VALID);
    for (const v of ['1', '19', '1912', '191212121212']) {
      f.input(v);
      vi.advanceTimersByTime(100);
    }
    expect(check).not.toHaveBeenCalled();
    expect(last().status).toBe('checking');
    await vi.advanceTimersByTimeAsync(250);
    expect(check).toHaveBeenCalledTimes(1);
    expect(check).toHaveBeenCalledWith('191212121212');
    expect(last()).toMatchObject({ status: 'valid', normalized: '19121212-1212', message: null, registeredName: 'Amira Haddad' });
  });

  it('shows the core message for an invalid number', async () => {
    const { f, last } = setup(async () => BAD);
    f.input('19121212-1213');
    await vi.advanceTimersByTimeAsync(250);
    expect(last()).toMatchObject({ status: 'invalid', message: 'Kontrollsiffran stämmer inte.', normalized: null });
  });

  it('a stale answer never overwrites a newer value', async () => {
    let resolveFirst: (c: PersonnummerCheck) => void = () => {};
    const { f, check, last } = setup((v) =>
      v === 'first' ? new Promise<PersonnummerCheck>((r) => (resolveFirst = r)) : Promise.resolve(BAD),
    );
    f.input('first');
    await vi.advanceTimersByTimeAsync(250);
    f.input('second');
    await vi.advanceTimersByTimeAsync(250);
    resolveFirst(VALID);
    await Promise.resolve();
    expect(check).toHaveBeenCalledTimes(2);
    expect(last()).toMatchObject({ value: 'second', status: 'invalid' });
  });

  it('settle() checks at once, reuses a finished answer, and handles a picked value', async () => {
    const { f, check } = setup(async (v) => (v === '20121212-1212' ? { ...VALID, normalized: v } : VALID));
    f.input('191212121212');
    const s = await f.settle();
    expect(s.status).toBe('valid');
    expect(check).toHaveBeenCalledTimes(1);
    await f.settle();
    expect(check).toHaveBeenCalledTimes(1);
    const picked = await f.settle('20121212-1212');
    expect(picked).toMatchObject({ value: '20121212-1212', status: 'valid', normalized: '20121212-1212' });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('empty input is empty, not invalid; a failing check becomes invalid with its message', async () => {
    const { f, last } = setup(async () => {
      throw new Error('inkom är låst.');
    });
    f.input('');
    expect(last().status).toBe('empty');
    expect((await f.settle('')).status).toBe('empty');
    expect(await f.settle('1912')).toMatchObject({ status: 'invalid', message: 'inkom är låst.' });
  });
});
