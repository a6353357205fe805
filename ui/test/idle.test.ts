import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat, IdleTimer } from '../src/lib/idle';

describe('idle lock timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once after the given minutes without input', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer(15, onIdle);
    t.start();
    vi.advanceTimersByTime(15 * 60_000 - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
  it('input restarts the countdown', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer(1, onIdle);
    t.start();
    vi.advanceTimersByTime(50_000);
    t.activity();
    vi.advanceTimersByTime(50_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
  it('input after the lock does not restart it; start() after unlock does', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer(1, onIdle);
    t.start();
    vi.advanceTimersByTime(60_000);
    t.activity();
    vi.advanceTimersByTime(120_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    t.start();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });
  it('zero minutes means no lock; changing the minutes restarts with the new value', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer(0, onIdle);
    t.start();
    expect(t.running).toBe(false);
    t.setMinutes(2);
    vi.advanceTimersByTime(119_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
  it('stop() cancels', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer(1, onIdle);
    t.start();
    t.stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe('Heartbeat', () => {
  it('tells the core at most once per interval, however much input comes', () => {
    let now = 0;
    let sent = 0;
    const hb = new Heartbeat(60_000, () => sent++, () => now);
    hb.activity();
    expect(sent).toBe(1);
    for (now = 1_000; now < 60_000; now += 1_000) hb.activity();
    expect(sent).toBe(1);
    now = 60_000;
    hb.activity();
    expect(sent).toBe(2);
    now = 200_000;
    hb.activity();
    hb.activity();
    expect(sent).toBe(3);
  });
});
