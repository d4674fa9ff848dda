export {
  ConnectWiseClient,
  MAX_TICKETS_PER_READ,
  clearConnectWiseDiscoveryCache,
  normaliseSite,
  type CompanyFilter,
  type CompanyIterationOptions,
  type ConnectWiseClientOptions,
  type ConnectWiseCredentials,
  type ListResult,
  type Page,
  type PageRequest,
  type Paging,
  type SkippedRow,
} from './client.js';
export {
  ConnectWiseError,
  connectWiseErrorKinds,
  isConnectWiseError,
  type ConnectWiseErrorKind,
  type ConnectWiseFieldError,
  type MissingPermission,
} from './errors.js';
export {
  permissionName,
  probeListings,
  securityPermissions,
  type PermissionLevel,
  type ProbeListing,
  type SecurityPermission,
  type SecurityPermissionKey,
} from './permissions.js';
export type { ConnectWiseLogger, TransportObserver } from './http.js';
export type {
  Addition,
  AdditionPatch,
  Agreement,
  Board,
  BoardOption,
  BoardStatus,
  Company,
  CompanyInfo,
  CompanyType,
  CreateTicketInput,
  Priority,
  Reference,
  Source,
  SystemInfo,
  Ticket,
  TicketNote,
  TicketNoteInput,
} from './schemas.js';
export { agreementStatuses } from './schemas.js';
