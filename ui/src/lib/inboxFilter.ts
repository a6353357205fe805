import type { State } from '../api/types';

/** The inbox's state filter: one state, everything (''), or what still needs an action. */
export type StateFilter = State | '' | 'todo';

/**
 * States in which an item still waits for the caseworker: classify, register, print, delete
 * the source, or purge. Gallrade and rensade items are finished.
 */
export const TODO_STATES: readonly State[] = ['imported', 'classified', 'registered', 'printed', 'source_deleted'];

/** "Att hantera (12)"; the bare label while the count is not known yet. */
export function countText(label: string, count: number | undefined): string {
  return count === undefined ? label : `${label} (${count.toLocaleString('sv-SE')})`;
}
