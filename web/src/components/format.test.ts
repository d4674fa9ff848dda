import { describe, expect, it } from 'vitest';
import { formatCount, formatCountOf } from './format';

describe('counted nouns', () => {
  it('reads one thing in the singular and any other count in the plural', () => {
    expect(formatCountOf(1, 'company', 'companies')).toBe('1 company');
    expect(formatCountOf(0, 'company', 'companies')).toBe('0 companies');
    expect(formatCountOf(25, 'company', 'companies')).toBe('25 companies');
    expect(formatCountOf(1, 'organization')).toBe('1 organization');
    expect(formatCountOf(2, 'organization')).toBe('2 organizations');
    expect(formatCountOf(1234, 'entry', 'entries')).toBe(`${formatCount(1234)} entries`);
  });
});
