/**
 * Calls `onIdle` once after `minutes` without `activity()`. Built on setTimeout so tests can drive
 * it with fake timers; the component wires it to keyboard, mouse and pointer events.
 */
export class IdleTimer {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #minutes: number;
  #onIdle: () => void;
  #fired = false;

  constructor(minutes: number, onIdle: () => void) {
    this.#minutes = minutes;
    this.#onIdle = onIdle;
  }

  /** Starts (or restarts) the countdown. Zero or negative minutes turn the lock off. */
  start(): void {
    this.stop();
    this.#fired = false;
    if (!(this.#minutes > 0)) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#fired = true;
      this.#onIdle();
    }, this.#minutes * 60_000);
  }

  /** Input happened: restart the countdown (unless it already fired; then unlock restarts it). */
  activity(): void {
    if (this.#timer !== null) this.start();
  }

  setMinutes(minutes: number): void {
    this.#minutes = minutes;
    if (this.#timer !== null || !this.#fired) this.start();
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  get running(): boolean {
    return this.#timer !== null;
  }
}

/**
 * Calls `send` at most once per `intervalMs` while `activity()` keeps being called: the heartbeat
 * that tells the core's idle clock someone is working though no command was needed (typing a
 * long text, reading). The core allows one interval on top of the lock time for it.
 */
export class Heartbeat {
  #last = Number.NEGATIVE_INFINITY;
  #intervalMs: number;
  #send: () => void;
  #now: () => number;

  constructor(intervalMs: number, send: () => void, now: () => number = () => Date.now()) {
    this.#intervalMs = intervalMs;
    this.#send = send;
    this.#now = now;
  }

  activity(): void {
    const t = this.#now();
    if (t - this.#last >= this.#intervalMs) {
      this.#last = t;
      this.#send();
    }
  }
}
