import { describe, expect, it } from 'vitest';
import { fileName } from '../src/lib/pathName';

describe('fileName', () => {
  it('takes the last part of a Unicode path, either separator', () => {
    expect(fileName('/home/anna/Hämtningar/sms-2026.xml')).toBe('sms-2026.xml');
    expect(fileName('C:\\Users\\Anna Test\\sms.xml')).toBe('sms.xml');
    expect(fileName('sms.xml')).toBe('sms.xml');
  });

  it('keeps the escapes of a name that is not UTF-8', () => {
    expect(fileName('bytes:/tmp/x/sk\\xe5rmbild-\\xff.png')).toBe('sk\\xe5rmbild-\\xff.png');
    expect(fileName('bytes:C:\\\\Users\\\\sms-\\ud800.xml')).toBe('sms-\\ud800.xml');
  });
});
