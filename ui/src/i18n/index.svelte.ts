// The one place the UI looks up text. `t()` reads reactive state, so templates re-render when
// the language changes.
import { sv, type MessageKey, type Messages } from './sv';
import { en } from './en';
import type { Language } from '../api/types';

export const catalogues: Record<Language, Messages> = { sv, en };

const current = $state<{ lang: Language }>({ lang: 'sv' });

export function setLanguage(lang: Language): void {
  current.lang = lang === 'en' ? 'en' : 'sv';
  if (typeof document !== 'undefined') document.documentElement.lang = current.lang;
}

export function language(): Language {
  return current.lang;
}

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(catalogues[current.lang][key], params);
}

/**
 * A text with a count, in the right number: `{key}_one` when the count is 1 and that key
 * exists ("1 handling gallrad"), else `{key}` ("3 handlingar gallrade"). `count` is also a
 * placeholder.
 */
export function tn(key: MessageKey, count: number, params?: Record<string, string | number>): string {
  const one = `${key}_one` as MessageKey;
  const use = count === 1 && one in catalogues[current.lang] ? one : key;
  return t(use, { count, ...params });
}

export type { MessageKey };
