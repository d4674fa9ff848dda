import { addBoard, ensureBoardTables, standardBoards } from './boards.js';
import type {
  SimAddition,
  SimAgreement,
  SimAgreementStatus,
  SimCompany,
  SimCompanyType,
  SimPriority,
  SimSource,
  SimulatorData,
} from './state.js';

/** An explicit company; missing fields are generated. `typeNames` are created as company types if missing. */
export type CompanySpec = Partial<Omit<SimCompany, 'id' | 'types'>> & { typeNames?: string[] };

export interface SeedOptions {
  /** How many companies to create, or explicit ones. Default 10. */
  companies?: number | CompanySpec[];
  /** Company type names; created if missing. Generated companies cycle through them. Default Client, Prospect, Vendor. */
  types?: string[];
  /** Extra companies flagged `deletedFlag: true` (ConnectWise keeps them; pickers must hide them). Default 0. */
  deletedCompanies?: number;
  /** Default 1. */
  agreementsPerCompany?: number;
  /** Extra cancelled agreements per company (must not show in the picker). Default 0. */
  cancelledAgreementsPerCompany?: number;
  /** Extra Expired agreements per company (listed, but not mappable). Default 0. */
  expiredAgreementsPerCompany?: number;
  /** Extra Inactive agreements per company (listed, but not mappable). Default 0. */
  inactiveAgreementsPerCompany?: number;
  /** Default 2. */
  additionsPerAgreement?: number;
}

export interface SeedResult {
  typeIds: number[];
  companyIds: number[];
  deletedCompanyIds: number[];
  /** Active agreements. */
  agreementIds: number[];
  cancelledAgreementIds: number[];
  expiredAgreementIds: number[];
  inactiveAgreementIds: number[];
  additions: Array<{ agreementId: number; additionId: number }>;
  priorityIds: number[];
  sourceIds: number[];
  boardIds: number[];
}

const adjectives = ['Acme', 'Blue', 'Northern', 'Summit', 'Harbor', 'Quantum', 'Cedar', 'Granite', 'Silver', 'Atlas'];
const nouns = ['Dental', 'Logistics', 'Legal', 'Bakery', 'Engineering', 'Clinic', 'Partners', 'Motors', 'Studios', 'Foods'];
const products = [
  { identifier: 'JC-USER', description: 'JumpCloud user license', unitPrice: 12, unitCost: 8.5 },
  { identifier: 'JC-DEVICE', description: 'JumpCloud device management', unitPrice: 6, unitCost: 3.75 },
  { identifier: 'M365-BP', description: 'Microsoft 365 Business Premium', unitPrice: 26, unitCost: 22 },
];

/** A stable, searchable name: "Acme Dental 7", "Blue Logistics 12"... */
function companyName(index: number): string {
  const adjective = adjectives[index % adjectives.length];
  const noun = nouns[Math.floor(index / adjectives.length) % nouns.length];
  return `${adjective} ${noun} ${index + 1}`;
}

/** The company type of that name (any case), created if missing. */
export function ensureType(data: SimulatorData, name: string): SimCompanyType {
  const existing = data.companyTypes.find((type) => type.name.toLowerCase() === name.toLowerCase());
  if (existing) return existing;
  const type: SimCompanyType = {
    id: data.nextId.companyType++,
    name,
    defaultFlag: data.companyTypes.length === 0,
    vendorFlag: /vendor/i.test(name),
  };
  data.companyTypes.push(type);
  return type;
}

/** Priorities, sources, boards and each board's statuses, types, subtypes and items; created once. */
export function ensureServiceTables(data: SimulatorData): void {
  if (data.priorities.length === 0) {
    const priorities: Array<Omit<SimPriority, 'id'>> = [
      { name: 'Priority 1 - Emergency Response', color: 'Red', sortOrder: 1, defaultFlag: false, level: 'Critical' },
      { name: 'Priority 2 - Quick Response', color: 'Orange', sortOrder: 2, defaultFlag: false, level: 'High' },
      { name: 'Priority 3 - Normal Response', color: 'Green', sortOrder: 3, defaultFlag: true, level: 'Medium' },
      { name: 'Priority 4 - Schedule Maintenance', color: 'Blue', sortOrder: 4, defaultFlag: false, level: 'Low' },
    ];
    data.priorities = priorities.map((priority) => ({ id: data.nextId.lookup++, ...priority }));
  }
  if (data.sources.length === 0) {
    const sources: Array<Omit<SimSource, 'id'>> = [
      { name: 'Email', defaultFlag: false },
      { name: 'Phone', defaultFlag: true },
      { name: 'Portal', defaultFlag: false },
      { name: 'Monitoring', defaultFlag: false },
    ];
    data.sources = sources.map((source) => ({ id: data.nextId.lookup++, ...source }));
  }
  if (data.boards.length === 0) for (const board of standardBoards) addBoard(data, board);
  ensureBoardTables(data);
}

const agreementNames: Record<SimAgreementStatus, string> = {
  Active: 'Managed Services',
  Cancelled: 'Old Managed Services',
  Expired: 'Expired Managed Services',
  Inactive: 'Paused Managed Services',
};

function addAgreement(data: SimulatorData, company: SimCompany, index: number, status: SimAgreementStatus, additions: number, result: SeedResult): SimAgreement {
  const agreement: SimAgreement = {
    id: data.nextId.agreement++,
    name: `${agreementNames[status]} ${index + 1}`,
    type: { id: 1, name: 'Managed Services' },
    company: { id: company.id, identifier: company.identifier, name: company.name },
    contact: { id: 7, name: 'Billing Contact' },
    cancelledFlag: status === 'Cancelled',
    agreementStatus: status,
    billingCycle: { id: 2, name: 'Monthly' },
    startDate: '2025-01-01T00:00:00Z',
    ...(status === 'Active' ? {} : { endDate: '2025-06-30T00:00:00Z' }),
  };
  data.agreements.push(agreement);
  const ids = { Active: result.agreementIds, Cancelled: result.cancelledAgreementIds, Expired: result.expiredAgreementIds, Inactive: result.inactiveAgreementIds };
  ids[status].push(agreement.id);
  for (let a = 0; a < additions; a++) {
    const product = products[a % products.length] ?? products[0]!;
    const addition: SimAddition = {
      id: data.nextId.addition++,
      product: { id: 300 + (a % products.length), identifier: product.identifier },
      quantity: 10 + a,
      lessIncluded: 0,
      unitPrice: product.unitPrice,
      unitCost: product.unitCost,
      billCustomer: 'Billable',
      effectiveDate: '2025-01-01T00:00:00Z',
      agreementId: agreement.id,
      description: product.description,
    };
    data.additions.push(addition);
    result.additions.push({ agreementId: agreement.id, additionId: addition.id });
  }
  return agreement;
}

/**
 * Adds companies, agreements and additions to the simulator's data (appending to what is there) and
 * returns the ids created, so each test builds and knows its own data.
 */
export function seedConnectWise(data: SimulatorData, options: SeedOptions = {}): SeedResult {
  ensureServiceTables(data);
  const types = (options.types ?? ['Client', 'Prospect', 'Vendor']).map((name) => ensureType(data, name));
  const result: SeedResult = {
    typeIds: types.map((type) => type.id),
    companyIds: [],
    deletedCompanyIds: [],
    agreementIds: [],
    cancelledAgreementIds: [],
    expiredAgreementIds: [],
    inactiveAgreementIds: [],
    additions: [],
    priorityIds: data.priorities.map((p) => p.id),
    sourceIds: data.sources.map((s) => s.id),
    boardIds: data.boards.map((b) => b.id),
  };

  const specs: CompanySpec[] = typeof options.companies === 'number' || options.companies === undefined
    ? Array.from({ length: options.companies ?? 10 }, () => ({}))
    : options.companies;
  const deleted = options.deletedCompanies ?? 0;
  const agreements = options.agreementsPerCompany ?? 1;
  const others: Array<[SimAgreementStatus, number]> = [
    ['Cancelled', options.cancelledAgreementsPerCompany ?? 0],
    ['Expired', options.expiredAgreementsPerCompany ?? 0],
    ['Inactive', options.inactiveAgreementsPerCompany ?? 0],
  ];
  const additions = options.additionsPerAgreement ?? 2;

  for (let i = 0; i < specs.length + deleted; i++) {
    const spec = specs[i] ?? {};
    const isDeleted = i >= specs.length;
    const id = data.nextId.company++;
    const ordinal = data.companies.length;
    const companyTypes = spec.typeNames?.map((name) => ensureType(data, name)) ?? (types.length ? [types[ordinal % types.length]!] : []);
    const company: SimCompany = {
      id,
      identifier: spec.identifier ?? `C${id}`,
      name: spec.name ?? companyName(ordinal),
      status: spec.status ?? { id: 1, name: 'Active' },
      types: companyTypes.map(({ id: typeId, name }) => ({ id: typeId, name })),
      deletedFlag: spec.deletedFlag ?? isDeleted,
    };
    data.companies.push(company);
    (company.deletedFlag ? result.deletedCompanyIds : result.companyIds).push(id);
    if (company.deletedFlag) continue;
    for (let a = 0; a < agreements; a++) addAgreement(data, company, a, 'Active', additions, result);
    for (const [status, count] of others) for (let a = 0; a < count; a++) addAgreement(data, company, a, status, additions, result);
  }
  return result;
}

export { realisticSeed, type RealisticSeedOptions, type RealisticSeedResult, type SeededAddition } from './realistic-seed.js';
