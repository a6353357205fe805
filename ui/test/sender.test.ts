import { describe, expect, it } from 'vitest';
import { senderText } from '../src/lib/sender';

describe('senderText', () => {
  it('names the client once when the export already carries the name', () => {
    expect(senderText('Jonas Ek', '+46701740617 (Jonas Ek)', '?')).toBe('Jonas Ek (+46701740617)');
    expect(senderText('Jonas Ek', '"Jonas Ek" <jonas.ek@example.se>', '?')).toBe('Jonas Ek (jonas.ek@example.se)');
    expect(senderText('Jonas Ek', 'Jonas Ek', '?')).toBe('Jonas Ek');
  });
  it('adds the address to a name from the register', () => {
    expect(senderText('Amira Haddad', '+46701740605', '?')).toBe('Amira Haddad (+46701740605)');
  });
  it('keeps an address whose parenthesis names someone else', () => {
    expect(senderText('Jonas Ek', '+46701740617 (Maria Lind)', '?')).toBe('Jonas Ek (+46701740617 (Maria Lind))');
  });
  it('falls back to the address, then to the unknown text', () => {
    expect(senderText(null, '+46701740633', 'Okänd avsändare')).toBe('+46701740633');
    expect(senderText(null, null, 'Okänd avsändare')).toBe('Okänd avsändare');
    expect(senderText('  ', '', 'Okänd avsändare')).toBe('Okänd avsändare');
  });
});

import { joinSv, phoneSv, threadParticipants } from '../src/lib/itemLabel';

describe('conversation participants', () => {
  it('a group thread names every number, with the name the export gave', () => {
    expect(threadParticipants('+46701740648,+46701740655', '+46701740655 (Maria Lind)')).toEqual(['070-174 06 48', '070-174 06 55 (Maria Lind)']);
    expect(joinSv(['070-174 06 48', 'Maria Lind', 'Jonas Ek'])).toBe('070-174 06 48, Maria Lind och Jonas Ek');
  });
  it('a one-to-one thread is its counterpart', () => {
    expect(threadParticipants('+46701740648', '+46701740648')).toEqual(['+46701740648']);
  });
  it('formats Swedish mobile numbers, leaves others alone', () => {
    expect(phoneSv('+46701740648')).toBe('070-174 06 48');
    expect(phoneSv('0701740648')).toBe('070-174 06 48');
    expect(phoneSv('jonas.ek@example.se')).toBe('jonas.ek@example.se');
  });
});

import { participantText, participants } from '../src/lib/itemLabel';

describe('group conversation participants (the delete dialog and the item heading)', () => {
  const group = { sender: '+46701740655', sender_label: null, recipients: ['+46701740699', '0701740648'] };
  it('shows every number in the one Swedish format, never "+46…" beside "070-…"', () => {
    const text = participants(group, '?');
    expect(text).toBe('070-174 06 55, 070-174 06 99 och 070-174 06 48');
    expect(text).not.toMatch(/\+46/);
  });
  it('names a participant when the register or the export knows the name', () => {
    expect(participants({ ...group, sender_label: 'Jonas Ek' }, '?')).toBe('Jonas Ek (070-174 06 55), 070-174 06 99 och 070-174 06 48');
    expect(participants({ ...group, sender: '+46701740655 (Maria Lind)' }, '?')).toBe('Maria Lind (070-174 06 55), 070-174 06 99 och 070-174 06 48');
    expect(participantText(null, '+46701740648 (Amira Haddad)', '?')).toBe('Amira Haddad (070-174 06 48)');
  });
  it('keeps both names when the register and the export disagree, and leaves other addresses alone', () => {
    expect(participantText('Jonas Ek', '+46701740617 (Maria Lind)', '?')).toBe('Jonas Ek (070-174 06 17, Maria Lind)');
    expect(participantText(null, 'jonas.ek@example.se', '?')).toBe('jonas.ek@example.se');
    expect(participantText(null, null, 'Okänd avsändare')).toBe('Okänd avsändare');
  });
  it('a one-to-one item is named as everywhere else', () => {
    expect(participants({ sender: '+46701740605', sender_label: 'Amira Haddad', recipients: [] }, '?')).toBe('Amira Haddad (+46701740605)');
  });
});
