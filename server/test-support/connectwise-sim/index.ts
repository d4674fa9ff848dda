export {
  codebase,
  ConnectWiseSimulator,
  startConnectWiseSimulator,
  type SimulatorCredentials,
  type SimulatorOptions,
  type TechnicianAction,
} from './server.js';
export { standardBoards, type BoardSpec, type BoardStatusSpec, type SeededBoard } from './boards.js';
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
  SimBoardOption,
  SimBoardStatus,
  SimCompany,
  SimTicket,
  SimTicketNote,
} from './state.js';
