import { randomBytes, randomUUID } from 'node:crypto';

/*
 * The simulator's data and what it observed. Shapes follow ConnectWise's models for the fields the
 * contract lists (plus a few ConnectWise always sends), so the client's validation is exercised for real.
 */

export interface Ref {
  id: number;
  name: string;
}

export interface SimCompanyType extends Ref {
  defaultFlag: boolean;
  vendorFlag: boolean;
}

/** A `*Reference` as the spec allows it: every field optional, `id` nullable. */
export interface SimReference {
  id?: number | null;
  name?: string;
}

export interface SimCompany {
  id: number;
  identifier: string;
  name: string;
  /** CompanyStatusReference: not required by the spec. */
  status?: SimReference;
  types: Ref[];
  deletedFlag: boolean;
}

/** The spec's `agreementStatus` enum (Agreement and Addition). */
export type SimAgreementStatus = 'Active' | 'Cancelled' | 'Expired' | 'Inactive';

export interface SimAgreement {
  id: number;
  name: string;
  type: SimReference;
  company: { id: number; identifier: string; name: string };
  /** ContactReference: required by the spec (an agreement has a billing contact). */
  contact: SimReference;
  cancelledFlag: boolean;
  agreementStatus: SimAgreementStatus;
  /** BillingCycleReference: not required by the spec. */
  billingCycle?: SimReference;
  startDate: string;
  endDate?: string;
}

/**
 * An agreement addition as stored. The spec requires only `product` and `billCustomer` (nullable);
 * `quantity`, `lessIncluded`, `unitPrice` and `unitCost` are nullable, and the product reference
 * (IvItemReference) may lack its id, identifier and description. `agreementStatus` is not stored: the
 * routes send the agreement's own, as ConnectWise does.
 */
export interface SimAddition {
  id: number;
  /** IvItemReference: no description (the addition's own `description` carries the product's). */
  product: { id?: number | null; identifier?: string };
  quantity: number | null;
  lessIncluded: number | null;
  unitPrice: number | null;
  unitCost: number | null;
  billCustomer: 'Billable' | 'DoNotBill' | 'NoCharge' | null;
  effectiveDate: string;
  cancelledDate?: string;
  agreementId: number;
  description?: string;
}

export interface SimPriority extends Ref {
  color: string;
  sortOrder: number;
  defaultFlag: boolean;
  level: string;
}

export interface SimSource extends Ref {
  defaultFlag: boolean;
}

export interface SimBoard extends Ref {
  inactiveFlag: boolean;
  /** SystemLocationReference and SystemDepartmentReference: required by the spec. */
  location: SimReference;
  department: SimReference & { identifier?: string };
}

/** A status of one board (`BoardStatus`): each board has its own, with ids of their own. */
export interface SimBoardStatus extends Ref {
  board: Ref;
  sortOrder: number;
  /** A ticket moved here is closed (`closedFlag`). */
  closedStatus: boolean;
  inactive: boolean;
  /** New tickets on the board start here. */
  defaultFlag: boolean;
}

/** A board's type, subtype or item (`BoardType`, `BoardSubType`, `BoardItem` in ConnectWise; not in our spec). */
export interface SimBoardOption extends Ref {
  board: Ref;
  inactiveFlag: boolean;
}

/** A `ServiceNote` as stored; every field is one the spec lists. */
export interface SimTicketNote {
  id: number;
  ticketId: number;
  text: string;
  detailDescriptionFlag: boolean;
  internalAnalysisFlag: boolean;
  resolutionFlag: boolean;
  dateCreated: string;
  /** Member identifier: the API member's for notes written through the API. */
  createdBy: string;
}

/**
 * A service ticket. Fields after `initialDescription` are optional so a test may push a bare ticket
 * into the data; missing means open, not merged, not deleted, no notes.
 */
export interface SimTicket {
  id: number;
  summary: string;
  company: { id: number; identifier: string; name: string };
  board: Ref;
  priority: Ref;
  source?: Ref;
  status: Ref;
  type?: Ref;
  subType?: Ref;
  item?: Ref;
  requiredDate?: string;
  externalXRef?: string;
  /** Write-only in ConnectWise (becomes the first note); kept here for tests, not returned by GET. */
  initialDescription?: string;
  closedFlag?: boolean;
  closedDate?: string;
  /** Member identifier of who closed it. */
  closedBy?: string;
  /** Set when a technician merged this ticket into another (it is closed then). */
  mergedParentTicket?: { id: number; summary: string };
  /** Deleted in ConnectWise: every route answers 404 for it; kept here for tests. */
  deleted?: boolean;
  /** Oldest first; not part of the ticket's JSON (ConnectWise lists them at `/notes`). */
  notes?: SimTicketNote[];
}

export interface RequestLogEntry {
  seq: number;
  at: string;
  /** Arrival time in ms since epoch, for measuring gaps between requests. */
  atMs: number;
  method: string;
  /** Full request path without query, e.g. `/v2025_1/apis/3.0/company/companies`. */
  path: string;
  /** Path relative to the API base (`company/companies`), or `login/companyinfo/{id}`. */
  route: string;
  query: Record<string, string>;
  /** Parsed JSON body, raw text if not JSON, undefined when empty. */
  body?: unknown;
  /** Request headers that matter for the contract; credentials are summarised, never stored. */
  headers: { accept?: string; clientId?: string; paginationType?: string; contentType?: string };
  auth: 'valid' | 'invalid' | 'missing' | 'none-required';
  status?: number;
  /** Name of the fault that answered this request, if any. */
  fault?: string;
}

export interface PatchRecord {
  agreementId: number;
  additionId: number;
  body: unknown;
  /** Top-level fields that were actually changed. */
  applied: string[];
  /** Operations accepted but ignored (sub-path replaces), as ConnectWise does. */
  ignored: string[];
}

export interface ApiKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * What the API member's security role does not allow. Either by route (`path`, with `level` and `area`
 * only changing the 403's wording), or as ConnectWise's roles are set up: by module function (`area`,
 * e.g. "Service Desk > Service Tickets"), optionally one `level` (Add, Edit, Inquire…) and, for
 * "System > Table Setup", one `table` (e.g. "Service / Priority"). See security-role.ts.
 */
export interface PermissionDenial {
  method?: string;
  /** Route pattern (see faults.ts): `company/companies`, `finance/agreements/*`... */
  path?: string;
  /** Default: derived from the route ("Inquire" for GET, "Edit" for PATCH, "Add" for POST). */
  level?: string;
  /** Default: derived from the route, e.g. "Companies > Company Maintenance". */
  area?: string;
  /** With `area` "System > Table Setup": only this table's routes. */
  table?: string;
}

export function newKeys(): ApiKeys {
  // ConnectWise keys are 16 alphanumeric characters.
  const key = () => randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  return { publicKey: key(), privateKey: key() };
}

/**
 * Rows by id without a scan per request: a 10,000-organization sync looks up an addition and its
 * agreement 20,000 times, and a scan grew with every seed (the third 10,000-organization run of one
 * simulator answered 2.5 ms slower than the first). Tests push, replace and remove rows in the arrays
 * directly, so a hit is checked against the array and the index is rebuilt when the array changed.
 */
class IdIndex<Row extends { id: number }> {
  private indexed: readonly Row[] | undefined;
  private indexedLength = 0;
  private readonly positions = new Map<number, number>();

  find(rows: readonly Row[], id: number): Row | undefined {
    if (rows !== this.indexed || rows.length !== this.indexedLength) {
      this.positions.clear();
      // The first row of an id wins, as Array.find would have it.
      for (let position = rows.length - 1; position >= 0; position--) this.positions.set(rows[position]!.id, position);
      this.indexed = rows;
      this.indexedLength = rows.length;
    }
    const position = this.positions.get(id);
    const row = position === undefined ? undefined : rows[position];
    // A row replaced in place keeps the length: the slow way finds it.
    return row?.id === id ? row : rows.find((candidate) => candidate.id === id);
  }
}

export class SimulatorData {
  companyTypes: SimCompanyType[] = [];
  companies: SimCompany[] = [];
  agreements: SimAgreement[] = [];
  additions: SimAddition[] = [];
  priorities: SimPriority[] = [];
  sources: SimSource[] = [];
  boards: SimBoard[] = [];
  boardStatuses: SimBoardStatus[] = [];
  boardTypes: SimBoardOption[] = [];
  boardSubTypes: SimBoardOption[] = [];
  boardItems: SimBoardOption[] = [];
  tickets: SimTicket[] = [];
  /** Next id per entity; ranges differ so a client mixing ids up gets a 404 instead of a wrong row. */
  nextId = {
    companyType: 1,
    company: 19_000,
    agreement: 40_000,
    addition: 700_000,
    product: 300,
    ticket: 5_000_000,
    lookup: 1,
    boardStatus: 1_000,
    boardType: 2_000,
    boardSubType: 3_000,
    boardItem: 4_000,
    note: 9_000_000,
  };
  /** The Service Desk > Close Service Tickets permission of the API member's security role. */
  canCloseTickets = true;
  /** The API member's identifier, as ConnectWise records it in `closedBy` and a note's `createdBy`. */
  apiMember = 'highwater-api';

  private readonly agreementIndex = new IdIndex<SimAgreement>();
  private readonly additionIndex = new IdIndex<SimAddition>();

  agreement(id: number): SimAgreement | undefined {
    return this.agreementIndex.find(this.agreements, id);
  }

  /** The addition, if it belongs to that agreement. */
  addition(agreementId: number, additionId: number): SimAddition | undefined {
    const addition = this.additionIndex.find(this.additions, additionId);
    return addition?.agreementId === agreementId ? addition : undefined;
  }

  company(id: number): SimCompany | undefined {
    return this.companies.find((company) => company.id === id);
  }

  /** A ticket that exists (not deleted). */
  ticket(id: number): SimTicket | undefined {
    return this.tickets.find((ticket) => ticket.id === id && !ticket.deleted);
  }

  statusesOf(boardId: number): SimBoardStatus[] {
    return this.boardStatuses.filter((status) => status.board.id === boardId);
  }
}

export function newClientId(): string {
  return randomUUID();
}
