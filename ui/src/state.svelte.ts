// App-wide state: the session, the settings, the current view, the visible error. Everything
// else lives in the component that owns it.
import { BackendError, normalizeError } from './api/errors';
import { t, type MessageKey } from './i18n/index.svelte';
import type { AppError, ItemView, SessionState, SettingsView, SetupView } from './api/types';

export type View = 'inbox' | 'ringa' | 'registrar' | 'history' | 'settings';
export const VIEWS: View[] = ['inbox', 'ringa', 'registrar', 'history', 'settings'];

export const app = $state({
  session: null as SessionState | null,
  settings: null as SettingsView | null,
  view: 'inbox' as View,
  error: null as AppError | null,
  notice: null as string | null,
  /** The item open in the inbox's detail pane. */
  item: null as ItemView | null,
  /** Bumped after every mutation so lists refetch what they show. */
  version: 0,
  importPaths: null as string[] | null,
  /** The items the last import created: the inbox shows only them, the newest open, until "Visa hela inkorgen". */
  justImported: null as number[] | null,
  importOpen: false,
  helpOpen: false,
  lockedByIdle: false,
  /** The idle time that locked the app, named on the lock screen (the locked session no longer knows it). */
  lockedAfterMinutes: null as number | null,
  /** The first-run set-up is due (see desk::setup). */
  setup: null as SetupView | null,
  /** Items sent to the printer or opened for printing in this session (bulk "printed" trusts only these). */
  sentToPrint: [] as number[],
  /** Open modal dialogs: the error area moves into the top one, the page behind is inert. */
  modals: 0,
});

/** Runs a backend call; on failure shows the Swedish message in the alert area. */
export async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    const r = await fn();
    return r;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

/**
 * Codes whose core message is written for the command line (it names a CLI command): the app
 * says where the setting is in the window instead.
 */
const APP_WORDING: Record<string, MessageKey> = { no_diary_series: 'error.no_diary_series' };

export function showError(e: unknown): void {
  const err = e instanceof BackendError ? { code: e.code, message: e.message } : normalizeError(e);
  const own = APP_WORDING[err.code];
  app.error = own ? { code: err.code, message: t(own) } : err;
  if (app.error.code === 'locked' && app.session) app.session = { ...app.session, locked: true };
}

export function clearMessages(): void {
  app.error = null;
  app.notice = null;
}

/** A mutation returned new views: show the open one and let lists refresh. */
export function applyViews(views: ItemView[]): void {
  if (app.item) {
    const mine = views.find((v) => v.id === app.item?.id);
    if (mine) app.item = mine;
  }
  app.version++;
}

/** An item's PDF went to the printer or a viewer: bulk "printed" may then pre-tick it. */
export function noteSentToPrint(id: number): void {
  if (!app.sentToPrint.includes(id)) app.sentToPrint = [...app.sentToPrint, id];
}
