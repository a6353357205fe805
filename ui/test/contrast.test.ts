import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../src/lib/contrast';

// The palette is read from app.css itself, so the test checks what ships.
const css = readFileSync(new URL('../src/app.css', import.meta.url), 'utf8');
const tokens = Object.fromEntries([...css.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;/g)].map((m) => [m[1], m[2]]));

const TEXT: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-2'],
  ['text-muted', 'bg'],
  ['text-muted', 'surface'],
  ['text-muted', 'surface-2'],
  ['accent', 'surface'],
  ['accent', 'bg'],
  ['accent-text', 'accent'],
  ['accent-text', 'accent-hover'],
  ['accent-text', 'danger'],
  ['accent-soft-text', 'accent-soft'],
  ['danger-soft-text', 'danger-soft'],
  ['ok-soft-text', 'ok-soft'],
  ['warn-soft-text', 'warn-soft'],
  ['mark-text', 'mark'],
  ['text', 'bubble-in'],
  ['text', 'bubble-out'],
  ['text-muted', 'bubble-in'],
  ['text-muted', 'bubble-out'],
  ['text-muted', 'accent-soft'],
];
// Non-text: focus ring and input borders need 3:1 against what they sit on (WCAG 1.4.11).
const UI: [string, string][] = [
  ['focus', 'surface'],
  ['focus', 'bg'],
  ['focus', 'accent-soft'],
  ['border-strong', 'surface'],
  ['border-strong', 'bg'],
];

describe('colour tokens (WCAG 2.1 AA)', () => {
  it('finds the tokens', () => {
    for (const [a, b] of [...TEXT, ...UI]) {
      expect(tokens[a], a).toBeDefined();
      expect(tokens[b], b).toBeDefined();
    }
  });
  it.each(TEXT)('text %s on %s ≥ 4.5:1', (fg, bg) => {
    expect(contrastRatio(tokens[fg], tokens[bg])).toBeGreaterThanOrEqual(4.5);
  });
  it.each(UI)('%s against %s ≥ 3:1', (fg, bg) => {
    expect(contrastRatio(tokens[fg], tokens[bg])).toBeGreaterThanOrEqual(3);
  });
  it('computes known ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
