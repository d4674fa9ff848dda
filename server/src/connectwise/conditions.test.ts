import { describe, expect, it } from 'vitest';
import { and, anyTypeId, contains, equalsId, equalsString, quote } from './conditions.js';

describe('conditions builders', () => {
  it('escapes quotes and backslashes inside string literals', () => {
    expect(quote('O"Brien \\ Sons')).toBe('"O\\"Brien \\\\ Sons"');
  });

  it('joins type ids with or', () => {
    expect(anyTypeId([1, 2])).toBe('types/id=1 or types/id=2');
    expect(anyTypeId([])).toBeUndefined();
  });

  it('parenthesises or-clauses inside and', () => {
    expect(and('deletedFlag=false', 'a=1 or a=2', undefined)).toBe('deletedFlag=false and (a=1 or a=2)');
  });

  it('drops an empty search', () => {
    expect(contains('name', '   ')).toBeUndefined();
    expect(contains('name', ' acme ')).toBe('name contains "acme"');
  });

  it('refuses non-integer ids so nothing can be injected through them', () => {
    expect(() => equalsId('company/id', 1.5)).toThrow(TypeError);
    expect(equalsString('externalXRef', 'a"b')).toBe('externalXRef="a\\"b"');
  });
});
