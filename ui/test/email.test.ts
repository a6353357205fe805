import { describe, expect, it } from 'vitest';
import { emailSrcdoc } from '../src/lib/email';
import { fieldText, spansByField } from '../src/lib/suggestion';

describe('e-mail body', () => {
  it('prepends a CSP that allows no scripts and no network', () => {
    const doc = emailSrcdoc('<p>Hej</p>');
    const head = doc.slice(0, doc.indexOf('<body>'));
    expect(head).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect(head).not.toMatch(/<script|<link/);
    expect(doc.endsWith('<body><p>Hej</p></body></html>')).toBe(true);
  });
});

describe('suggestion fields', () => {
  const item = { subject: 'Ämne', sender: 'a@example.se', body: null, parts: [{ at: '', direction: 'in' as const, sender: 'x', text: 'ett' }, { at: '', direction: 'in' as const, sender: 'x', text: 'två' }] };
  it('the text of an SMS thread is its messages joined by newlines', () => {
    expect(fieldText(item, 'text')).toBe('ett\ntvå');
    expect(fieldText({ ...item, body: 'brödtext' }, 'text')).toBe('brödtext');
    expect(fieldText(item, 'subject')).toBe('Ämne');
    expect(fieldText(item, 'from')).toBe('a@example.se');
  });
  it('groups the flags\' spans per item field (a reason is shown as text)', () => {
    const g = spansByField({
      class: 'diarium',
      reasons: [{ text: 'x', spans: [{ field: 'text', start: 0, end: 1 }] }],
      flags: [{ category: 'c', label: 'l', term: 't', field: 'text', start: 1, end: 3 }],
      secrecy: null,
    });
    expect(g).toEqual({ subject: [], text: [{ start: 1, end: 3 }], from: [] });
  });
});
