export { codebase, ConnectWiseSimulator, startConnectWiseSimulator, type SimulatorCredentials, type SimulatorOptions } from './server.js';
export type { Fault, FaultAction, FaultMatch } from '../vendor-sim/faults.js';
export {
  realisticSeed,
  seedConnectWise,
  type RealisticSeedOptions,
  type RealisticSeedResult,
  type SeededAddition,
  type SeedOptions,
  type SeedResult,
} from './fixtures.js';
export type {
  ApiKeys,
  PatchRecord,
  PermissionDenial,
  RequestLogEntry,
  SimAddition,
  SimAgreement,
  SimAgreementStatus,
  SimCompany,
  SimTicket,
} from './state.js';
