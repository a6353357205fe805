import { describe, expect, it } from 'vitest';
import { noSenderKey, participants, partyText } from '../src/lib/itemLabel';

const row = {
  direction: 'in' as const,
  sender: '+46701740605',
  sender_label: null,
  sent_to: [] as string[],
  sent_to_label: null,
  state: 'imported' as const,
  class: null,
  channel: 'sms' as const,
};

describe('the party a row or an item names', () => {
  it('a received item: its sender, as before', () => {
    // One number format in the list and the heading, as in a conversation (issue 18).
    expect(partyText(row)).toBe('070-174 06 05');
    expect(partyText({ ...row, sender_label: 'Amira Haddad' })).toBe('Amira Haddad (070-174 06 05)');
    expect(partyText({ ...row, sender: '+46701740605 (Amira Haddad)' })).toBe('Amira Haddad (070-174 06 05)');
    const mail = { ...row, channel: 'email' as const, sender: '"Amira Haddad" <amira@example.se>' };
    expect(partyText({ ...mail, sender_label: 'Amira Haddad' })).toBe('Amira Haddad (amira@example.se)');
    expect(partyText({ ...row, sender: '' })).toBe('Okänd avsändare');
  });
  it('an item sent: whom it went to, the first with the register name, not an unknown sender', () => {
    const sent = { ...row, direction: 'out' as const, sender: '', sent_to: ['+46701740605'] };
    expect(partyText(sent)).toBe('Till 070-174 06 05');
    expect(partyText({ ...sent, sent_to_label: 'Amira Haddad' })).toBe('Till Amira Haddad (070-174 06 05)');
    // To, then Cc, as the core lists them.
    expect(partyText({ ...sent, sent_to: ['+46701740605 (Amira Haddad)', 'skolan@example.se'] })).toBe(
      'Till Amira Haddad (070-174 06 05) och skolan@example.se',
    );
    expect(partyText({ ...sent, sent_to: [] })).toBe('Okänd mottagare');
    expect(partyText({ ...sent, sent_to: [' '] })).toBe('Okänd mottagare');
  });
  it('a purged item sent says why its party is gone, as a received one does', () => {
    const gone = { ...row, direction: 'out' as const, sender: '', state: 'purged' as const, class: 'diarium' as const };
    expect(partyText(gone)).toBe('Sekretess');
    expect(noSenderKey('imported', null, 'sms', 'out')).toBe('inbox.unknown_recipient');
  });
  it('confirmations name an item sent by its recipients too', () => {
    expect(participants({ direction: 'out', sender: '', sender_label: null, recipients: ['+46701740605'], sent_to: ['+46701740605'], sent_to_label: null }, '?')).toBe(
      'Till 070-174 06 05',
    );
  });
});
