import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './pagination.js';

const ID = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const refused = { code: 'BAD_USER_INPUT', details: { field: 'after' } };

describe('cursors', () => {
  it('decodes each part as the list declares it: a Date for a date, a number for a position or page', () => {
    const [createdAt, id] = decodeCursor(encodeCursor(['2026-11-25T10:00:00.000Z', ID]), ['date', 'uuid']);
    expect(createdAt).toEqual(new Date('2026-11-25T10:00:00.000Z'));
    expect(id).toBe(ID);
    expect(decodeCursor(encodeCursor([0]), ['position'])).toEqual([0]);
    expect(decodeCursor(encodeCursor([3]), ['page'])).toEqual([3]);
    expect(decodeCursor(encodeCursor(['Acme, Inc.', ID]), ['string', 'uuid'])).toEqual(['Acme, Inc.', ID]);
  });

  it('refuses a part of the wrong type or out of range as BAD_USER_INPUT on after', () => {
    const cases: [unknown[], Parameters<typeof decodeCursor>[1]][] = [
      [['abc'], ['position']],
      [[-1], ['position']],
      [[0], ['page']],
      [['3'], ['page']],
      [[ID.toUpperCase()], ['uuid']],
      [['2026-11-25', ID], ['date', 'uuid']],
      [['0000-01-01T00:00:00.000Z', ID], ['date', 'uuid']],
      [['a\u0000b', ID], ['string', 'uuid']],
      [['\udc00', ID], ['string', 'uuid']],
      [[ID], ['date', 'uuid']],
    ];
    for (const [values, parts] of cases) {
      expect(() => decodeCursor(encodeCursor(values as (string | number)[]), parts), JSON.stringify(values)).toThrow(expect.objectContaining(refused));
    }
    expect(() => decodeCursor('not base64 json', ['position'])).toThrow(expect.objectContaining(refused));
  });
});
