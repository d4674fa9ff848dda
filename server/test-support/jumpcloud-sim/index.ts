export {
  JumpCloudSimulator,
  startJumpCloudSimulator,
  type JumpCloudSimulatorOptions,
  type SeedOrganizationsOptions,
} from './server.js';
export type { Fault, FaultAction, FaultMatch } from '../vendor-sim/faults.js';
export type {
  EventSeed,
  OrganizationSeed,
  RequestLogEntry,
  SeedInput,
  SimEvent,
  SimOrganization,
  SimUser,
  SimUserState,
  UserSeed,
} from './state.js';
export { realisticSeed, type RealisticSeedOptions, type RealisticSeedSummary, type RealisticSeedTarget } from './fixtures.js';
export { eventCatalogue, inCatalogue, insightsServices } from './catalogue.js';
