import type { PersonnummerCheck } from '../api/types';

export type PnrStatus = 'empty' | 'checking' | 'valid' | 'invalid';

export interface PnrState {
  value: string;
  status: PnrStatus;
  /** The core's Swedish message when invalid (what is wrong and what to type). */
  message: string | null;
  normalized: string | null;
  /** Whom the client register holds under the number; null when nobody (or not valid yet). */
  registeredName: string | null;
}

/**
 * The personnummer field's behaviour, apart from the DOM: every keystroke is checked by the core
 * (`check_personnummer`) after a short pause, a stale answer never overwrites a newer one, and
 * `settle()` (on blur or save) checks at once. Validation rules live in the core only.
 */
export class PersonnummerField {
  #state: PnrState = { value: '', status: 'empty', message: null, normalized: null, registeredName: null };
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;

  constructor(
    private readonly check: (value: string) => Promise<PersonnummerCheck>,
    private readonly onChange: (s: PnrState) => void,
    private readonly delayMs = 250,
  ) {}

  get state(): PnrState {
    return this.#state;
  }

  #set(patch: Partial<PnrState>): void {
    this.#state = { ...this.#state, ...patch };
    this.onChange(this.#state);
  }

  /** The user typed: keep the text, check it after the pause. */
  input(value: string): void {
    this.#cancelTimer();
    this.#seq++;
    if (value.trim() === '') {
      this.#set({ value, status: 'empty', message: null, normalized: null, registeredName: null });
      return;
    }
    this.#set({ value, status: 'checking', message: null, normalized: null, registeredName: null });
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, this.delayMs);
  }

  /** Check now (blur, save, or a value picked from the client register). */
  async settle(value: string = this.#state.value): Promise<PnrState> {
    this.#cancelTimer();
    if (value !== this.#state.value) {
      this.#seq++;
      this.#set({ value, status: 'checking', message: null, normalized: null, registeredName: null });
    }
    if (value.trim() === '') {
      this.#set({ status: 'empty', message: null, normalized: null, registeredName: null });
      return this.#state;
    }
    if (this.#state.status === 'valid' || this.#state.status === 'invalid') return this.#state;
    return this.#run();
  }

  async #run(): Promise<PnrState> {
    const seq = ++this.#seq;
    const value = this.#state.value;
    this.#set({ status: 'checking' });
    try {
      const r = await this.check(value);
      if (seq !== this.#seq) return this.#state;
      this.#set({
        status: r.valid ? 'valid' : 'invalid',
        message: r.valid ? null : r.message,
        normalized: r.valid ? r.normalized : null,
        registeredName: r.valid ? r.registered_name : null,
      });
    } catch (e) {
      if (seq !== this.#seq) return this.#state;
      const message = e instanceof Error ? e.message : null;
      this.#set({ status: 'invalid', message, normalized: null, registeredName: null });
    }
    return this.#state;
  }

  #cancelTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  dispose(): void {
    this.#cancelTimer();
    this.#seq++;
  }
}
