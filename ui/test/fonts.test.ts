import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The app draws a script the desktop has no font for with the printout's font (src/fonts.css),
// so that what the caseworker reads is what will be printed. The two lists are read from the
// files that ship: a script font added to the printout (src/pdf/fonts.rs) must be added to the
// app too. Noto Sans (Latin, Greek, Cyrillic) and Symbola's emoji are left to the system's
// fonts, which have them (a desktop's emoji are in colour).
const printout = readFileSync(new URL('../../src/pdf/fonts.rs', import.meta.url), 'utf8');
const app = readFileSync(new URL('../src/fonts.css', import.meta.url), 'utf8');
const appCss = readFileSync(new URL('../src/app.css', import.meta.url), 'utf8');

const printed = [...printout.matchAll(/embedded!\("([^"]+\.ttf)"\)/g)].map((m) => m[1]).filter((f) => !f.startsWith('NotoSans-') && !f.startsWith('Symbola'));
const faces = [...app.matchAll(/@font-face\s*{([^}]*)}/g)].map((m) => ({
  family: /font-family:\s*'([^']+)'/.exec(m[1])?.[1] ?? '',
  file: /url\('[^']*\/([^'/]+\.ttf)'\)/.exec(m[1])?.[1] ?? '',
  range: /unicode-range:\s*([^;]+);/.exec(m[1])?.[1] ?? '',
}));

describe("the app's script fonts", () => {
  it('are the printout\'s, each file once', () => {
    expect(printed.length).toBeGreaterThan(10);
    expect(faces.map((f) => f.file).sort()).toEqual([...printed].sort());
  });

  it('each cover only their script and are in the font list before the generic fallback', () => {
    const font = /--font:([^;]+);/.exec(appCss)?.[1] ?? '';
    for (const face of faces) {
      expect(face.range, face.file).toMatch(/^U\+[0-9A-F]/);
      expect(font.indexOf(`'${face.family}'`), face.family).toBeGreaterThan(-1);
      expect(font.indexOf(`'${face.family}'`)).toBeLessThan(font.indexOf('sans-serif'));
    }
  });
});
