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

export interface SimTicket {
  id: number;
  summary: string;
  company: { id: number; identifier: string; name: string };
  board: Ref;
  priority: Ref;
  source?: Ref;
  status: Ref;
  requiredDate?: string;
  externalXRef?: string;
  /** Write-only in ConnectWise (becomes the first note); kept here for tests, not returned by GET. */
  initialDescription?: string;
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

export interface PermissionDenial {
  method?: string;
  /** Route pattern (see faults.ts): `company/companies`, `finance/agreements/*`... */
  path: string;
  /** Default: derived from the route ("Inquire" for GET, "Edit" for PATCH, "Add" for POST). */
  level?: string;
  /** Default: derived from the route, e.g. "Companies > Company Maintenance". */
  area?: string;
}

export function newKeys(): ApiKeys {
  // ConnectWise keys are 16 alphanumeric characters.
  const key = () => randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  return { publicKey: key(), privateKey: key() };
}

export class SimulatorData {
  companyTypes: SimCompanyType[] = [];
  companies: SimCompany[] = [];
  agreements: SimAgreement[] = [];
  additions: SimAddition[] = [];
  priorities: SimPriority[] = [];
  sources: SimSource[] = [];
  boards: SimBoard[] = [];
  tickets: SimTicket[] = [];
  /** Next id per entity; ranges differ so a client mixing ids up gets a 404 instead of a wrong row. */
  nextId = { companyType: 1, company: 19_000, agreement: 40_000, addition: 700_000, product: 300, ticket: 5_000_000, lookup: 1 };

  company(id: number): SimCompany | undefined {
    return this.companies.find((company) => company.id === id);
  }
}

export function newClientId(): string {
  return randomUUID();
}
