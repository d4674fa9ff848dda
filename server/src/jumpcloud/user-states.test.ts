import { describe, expect, it } from 'vitest';
import { countedUserStates, defaultExcludedUserStates, userStateFilter } from './user-states.js';

describe('which users count as seats', () => {
  it('counts active and staged users and leaves suspended ones out by default', () => {
    expect(defaultExcludedUserStates).toEqual(['SUSPENDED']);
    expect(countedUserStates()).toEqual(['STAGED', 'ACTIVATED']);
  });

  it('expresses the rule as a v1 exclusion filter', () => {
    expect(userStateFilter()).toBe('state:$ne:SUSPENDED');
    expect(userStateFilter(['SUSPENDED', 'STAGED'])).toBe('state:$nin:STAGED|SUSPENDED');
    expect(userStateFilter([])).toBeUndefined();
  });
});
