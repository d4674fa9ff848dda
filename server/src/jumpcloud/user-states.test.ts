import { describe, expect, it } from 'vitest';
import { countedUserStates, defaultExcludedUserStates, userStateFilters } from './user-states.js';

describe('which users count as seats', () => {
  it('counts active and staged users and leaves suspended ones out by default', () => {
    expect(defaultExcludedUserStates).toEqual(['SUSPENDED']);
    expect(countedUserStates()).toEqual(['STAGED', 'ACTIVATED']);
  });

  it('expresses the rule as one documented $ne filter per excluded state', () => {
    expect(userStateFilters()).toEqual(['state:$ne:SUSPENDED']);
    expect(userStateFilters(['SUSPENDED', 'STAGED'])).toEqual(['state:$ne:STAGED', 'state:$ne:SUSPENDED']);
    expect(userStateFilters([])).toEqual([]);
  });
});
