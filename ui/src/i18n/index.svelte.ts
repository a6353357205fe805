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

export type { MessageKey };
