import { describe, expect, it } from 'vitest';
import { ConditionError, matches, parseConditions } from './conditions.js';

const company = {
  id: 7,
  name: 'Say "Hi" Dental',
  deletedFlag: false,
  types: [{ id: 1, name: 'Client' }, { id: 3, name: 'Vendor' }],
  company: { id: 12 },
  startDate: '2025-03-01T00:00:00Z',
};

describe('simulator conditions', () => {
  it.each([
    ['id=7', true],
    ['id != 7', false],
    ['id>=7 and id<8', true],
    ['name="say \\"hi\\" dental"', true],
    ['name like "Say%Dental"', true],
    ['name like "S_y%"', true],
    ['name like "Dental%"', false],
    ['name contains "HI"', true],
    ['deletedFlag=false', true],
    ['company/id=12', true],
    ['types/id=3', true],
    ['types/id=2 or types/id=3', true],
    ['types/id != 3', false],
    ['id in (1, 7, 9)', true],
    ['id not in (1, 9)', true],
    ['not (id=7)', false],
    ['(id=1 or id=7) and name contains "dental"', true],
    ['startDate > [2025-01-01T00:00:00Z]', true],
    ['missingField = null', true],
    ['missingField != null', false],
  ])('%s → %s', (source, expected) => {
    expect(matches(company, parseConditions(source))).toBe(expected);
  });

  it.each(['name like', 'id = "unterminated', '(id=1', 'id ~ 3', 'id=1 id=2', 'date > [not a date]'])(
    'rejects %j',
    (source) => {
      expect(() => parseConditions(source)).toThrow(ConditionError);
    },
  );
});
