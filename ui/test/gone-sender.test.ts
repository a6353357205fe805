import { describe, expect, it } from 'vitest';
import { goneSenderKey } from '../src/lib/itemLabel';

describe('a purged item in place of its sender', () => {
  it('says secret for diarium, in the akt for personakt, nothing otherwise', () => {
    expect(goneSenderKey('purged', 'diarium')).toBe('inbox.sender_secret');
    expect(goneSenderKey('purged', 'personakt')).toBe('inbox.sender_in_akt');
    expect(goneSenderKey('purged', 'ringa')).toBeNull();
    expect(goneSenderKey('registered', 'diarium')).toBeNull();
  });
});

describe('no sender to show', () => {
  it('a screenshot says so; a purged item says why; else unknown', async () => {
    const { noSenderKey } = await import('../src/lib/itemLabel');
    expect(noSenderKey('imported', null, 'screenshot')).toBe('inbox.screenshot');
    expect(noSenderKey('imported', null, 'sms')).toBe('inbox.unknown_sender');
    expect(noSenderKey('purged', 'diarium', 'screenshot')).toBe('inbox.sender_secret');
  });
});
