import { describe, expect, it } from 'vitest';
import { nameSimilarity, normaliseCompanyName } from './name-match.js';

describe('company name matching', () => {
  it('treats "Acme, Inc." and "ACME Inc" as the same name', () => {
    expect(normaliseCompanyName('Acme, Inc.')).toBe('acme');
    expect(nameSimilarity('Acme, Inc.', 'ACME Inc')).toBe(1);
  });

  it('ranks a near spelling above an unrelated name', () => {
    expect(nameSimilarity('Globex Corporation', 'Globex Corp.')).toBe(1);
    expect(nameSimilarity('Initech', 'Initec LLC')).toBeGreaterThan(0.8);
    expect(nameSimilarity('Initech', 'Umbrella Health')).toBeLessThan(0.3);
  });
});
