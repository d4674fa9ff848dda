import { v1Filter } from './contract.js';

export const systemUserStates = ['STAGED', 'ACTIVATED', 'SUSPENDED'] as const;
export type SystemUserState = (typeof systemUserStates)[number];

/**
 * THE rule for which users count towards an organization's seats (and so its high watermark).
 * JumpCloud does not publish which states it bills, so by default every user that is not suspended
 * counts: ACTIVATED and STAGED (created, not yet activated) alike. A setting may pass another list to
 * `countUsers`; nothing else in highwater decides this.
 */
export const defaultExcludedUserStates: readonly SystemUserState[] = ['SUSPENDED'];

/** The states that count when `excluded` are left out. */
export function countedUserStates(excluded: readonly SystemUserState[] = defaultExcludedUserStates): SystemUserState[] {
  return systemUserStates.filter((state) => !excluded.includes(state));
}

/**
 * The v1 `filter` terms that leave the excluded states out (none: count everyone), one `state:$ne:<state>`
 * per state, sent as repeated `filter` parameters, which JumpCloud ANDs (`collectionFormat: multi`).
 * JumpCloud documents `$eq $ne $gt $gte $lt $lte` only, so no `$nin`. An exclusion rather than an
 * inclusion, so a user without a `state` (older records) still counts, as in JumpCloud's own listing.
 */
export function userStateFilters(excluded: readonly SystemUserState[] = defaultExcludedUserStates): string[] {
  return systemUserStates.filter((state) => excluded.includes(state)).map((state) => v1Filter('state', '$ne', state));
}
