export {
  createJumpCloudClient,
  type CountUsersOptions,
  type DirectoryEventQuery,
  type DirectoryEventStream,
  type JumpCloudClient,
  type JumpCloudClientOptions,
  type OrganizationIterationOptions,
} from './client.js';
export { defaultConsoleBaseUrl, defaultInsightsBaseUrl, directoryInsightsServices } from './contract.js';
export { isJumpCloudError, JumpCloudError, jumpCloudErrorKinds, type JumpCloudErrorKind } from './errors.js';
export type { JumpCloudLogger } from './http.js';
export type { SkippedRow } from '../vendor-kit/rows.js';
export type { DirectoryEvent, Organization, SearchAfterCursor } from './schemas.js';
export {
  countedUserStates,
  defaultExcludedUserStates,
  systemUserStates,
  userStateFilters,
  type SystemUserState,
} from './user-states.js';
