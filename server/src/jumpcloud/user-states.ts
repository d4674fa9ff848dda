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
 * The v1 `filter` that leaves the excluded states out, or undefined to count everyone. Expressed as
 * an exclusion (`$ne`/`$nin`) rather than an inclusion so a user without a `state` (older records)
 * still counts, as it would in JumpCloud's own listing.
 */
export function userStateFilter(excluded: readonly SystemUserState[] = defaultExcludedUserStates): string | undefined {
  const states = systemUserStates.filter((state) => excluded.includes(state));
  if (states.length === 0) return undefined;
  return states.length === 1 ? v1Filter('state', '$ne', states) : v1Filter('state', '$nin', states);
}
