import { ensureServiceTables, ensureType } from './fixtures.js';
import type { SimAddition, SimAgreement, SimAgreementStatus, SimCompany, SimCompanyType, SimulatorData } from './state.js';

/*
 * A data set as varied as ConnectWise's spec allows, for demos, benches and the tests of what odd rows
 * do: companies of several types (some with two, one without a status), agreements of every status,
 * and additions with the spec's nullable and optional fields left out — null quantity and costs,
 * products without identifier or description, references without ids, and one addition without an id
 * of its own (the spec allows it; no client can map it).
 */

export interface RealisticSeedOptions {
  /** Companies to create (at least 6 for every case to appear). Default 12. */
  companies?: number;
}

/** Where one odd case landed, so a test or demo can find it. */
export interface SeededAddition {
  companyId: number;
  agreementId: number;
  /** Absent for the addition without an id. */
  additionId?: number;
}

export interface RealisticSeedResult {
  typeIds: number[];
  companyIds: number[];
  deletedCompanyIds: number[];
  /** Every agreement by its `agreementStatus`. */
  agreements: Record<SimAgreementStatus, number[]>;
  /** Additions that read as ordinary ones. */
  ordinaryAdditions: SeededAddition[];
  /** One of each odd case the spec allows. */
  cases: {
    nullQuantity: SeededAddition;
    nullCosts: SeededAddition;
    noProductIdentifier: SeededAddition;
    noProductDescription: SeededAddition;
    bareProduct: SeededAddition;
    nullBillCustomer: SeededAddition;
    cancelledAddition: SeededAddition;
    /** Spec-valid, but without an id: listed by ConnectWise, skipped (and reported) by our client. */
    withoutId: SeededAddition;
  };
}

const typeNames = ['Customer', 'Managed Client', 'Prospect', 'Vendor', 'Partner'];
const companyNames = [
  'Northwind Dental Group',
  'Harbor & Pine Legal LLP',
  'Summit Ridge Logistics',
  'Cedar Valley Clinic',
  'Bluefin Studios',
  'Granite Peak Engineering',
  'Atlas Freight Co.',
  'Maple Street Bakery',
  'Quantum Leap Consulting',
  'Silverline Motors',
  'Orchard Family Practice',
  'Lakeside Accounting',
];

/**
 * Appends the realistic data set to the simulator's data (ids continue from what is there) and says
 * where each case is. Deterministic: the same call on the same data builds the same rows.
 */
export function realisticSeed(data: SimulatorData, options: RealisticSeedOptions = {}): RealisticSeedResult {
  ensureServiceTables(data);
  const types = typeNames.map((name) => ensureType(data, name));
  const [customer, managed, prospect, vendor, partner] = types as [SimCompanyType, SimCompanyType, SimCompanyType, SimCompanyType, SimCompanyType];
  const ref = ({ id, name }: SimCompanyType) => ({ id, name });
  const result: RealisticSeedResult = {
    typeIds: types.map((type) => type.id),
    companyIds: [],
    deletedCompanyIds: [],
    agreements: { Active: [], Cancelled: [], Expired: [], Inactive: [] },
    ordinaryAdditions: [],
    cases: {} as RealisticSeedResult['cases'],
  };

  const count = Math.max(1, options.companies ?? 12);
  const companies: SimCompany[] = [];
  for (let i = 0; i < count; i++) {
    const id = data.nextId.company++;
    const base = companyNames[i % companyNames.length]!;
    const name = i < companyNames.length ? base : `${base} ${Math.floor(i / companyNames.length) + 1}`;
    // Mostly billable types; a prospect, a vendor, a customer that is also a partner.
    const companyTypes = i % 6 === 4 ? [prospect] : i % 6 === 5 ? [vendor] : i % 6 === 2 ? [customer, partner] : i % 2 === 0 ? [customer] : [managed];
    const company: SimCompany = {
      id,
      identifier: `${name.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}${id}`.slice(0, 30),
      name: name.slice(0, 50),
      // CompanyStatusReference is optional: one company comes without it.
      ...(i === 3 ? {} : { status: { id: 1, name: 'Active' } }),
      types: companyTypes.map(ref),
      deletedFlag: false,
    };
    data.companies.push(company);
    companies.push(company);
    result.companyIds.push(id);
  }
  const deleted: SimCompany = {
    id: data.nextId.company++,
    identifier: `ClosedShop${data.nextId.company}`,
    name: 'Closed Shop Ltd',
    status: { id: 2, name: 'Inactive' },
    types: [ref(customer)],
    deletedFlag: true,
  };
  data.companies.push(deleted);
  result.deletedCompanyIds.push(deleted.id);

  const agreement = (company: SimCompany, status: SimAgreementStatus, name: string, odd = false): SimAgreement => {
    const row: SimAgreement = {
      id: data.nextId.agreement++,
      name,
      // AgreementTypeReference and BillingCycleReference: ids are nullable, the cycle is optional.
      type: odd ? { id: null, name: 'Block Time' } : { id: 1, name: 'Managed Services' },
      company: { id: company.id, identifier: company.identifier, name: company.name },
      // ContactReference: required, but its id is nullable.
      contact: odd ? { id: null, name: 'Accounts Payable' } : { id: 7, name: 'Billing Contact' },
      cancelledFlag: status === 'Cancelled',
      agreementStatus: status,
      ...(odd ? {} : { billingCycle: { id: 2, name: 'Monthly' } }),
      startDate: '2025-01-01T00:00:00Z',
      ...(status === 'Active' ? {} : { endDate: '2025-12-31T00:00:00Z' }),
    };
    data.agreements.push(row);
    result.agreements[status].push(row.id);
    return row;
  };
  const addition = (company: SimCompany, on: SimAgreement, fields: Partial<SimAddition> = {}): SeededAddition => {
    const row: SimAddition = {
      id: data.nextId.addition++,
      product: { id: 300, identifier: 'JC-USER' },
      quantity: 25,
      lessIncluded: 0,
      unitPrice: 12,
      unitCost: 8.5,
      billCustomer: 'Billable',
      effectiveDate: '2025-01-01T00:00:00Z',
      agreementId: on.id,
      description: 'JumpCloud user license',
      ...fields,
    };
    data.additions.push(row);
    return { companyId: company.id, agreementId: on.id, additionId: row.id };
  };

  companies.forEach((company, i) => {
    const active = agreement(company, 'Active', 'Managed Services', i === 1);
    result.ordinaryAdditions.push(
      addition(company, active, { quantity: 10 + i }),
      addition(company, active, { product: { id: 301, identifier: 'JC-DEVICE' }, quantity: 5 + i, unitPrice: 6, unitCost: 3.75, description: 'Device management' }),
    );
    // Every status on some company: Expired and Inactive are listed but not mappable, Cancelled is hidden.
    const other = (['Expired', 'Inactive', 'Cancelled'] as const)[i % 3]!;
    const old = agreement(company, other, `${other === 'Inactive' ? 'Paused' : 'Previous'} Managed Services`);
    addition(company, old, { quantity: 8 });
  });

  // The odd additions, on the Active agreements of Customer companies (the billable type by default).
  const customers = companies.filter((company) => company.types.some((type) => type.id === customer.id));
  const on = (index: number) => {
    const company = customers[index % customers.length] ?? companies[index % companies.length]!;
    const active = data.agreements.find((row) => row.company.id === company.id && row.agreementStatus === 'Active')!;
    return [company, active] as const;
  };
  result.cases.nullQuantity = addition(...on(0), { quantity: null, product: { id: 302, identifier: 'M365-BP' }, description: 'Microsoft 365' });
  result.cases.nullCosts = addition(...on(1), { unitCost: null, unitPrice: null, lessIncluded: null, product: { id: 303, identifier: 'BACKUP' }, description: 'Cloud backup' });
  result.cases.noProductIdentifier = addition(...on(2), { product: { id: 304 }, description: 'Security awareness training' });
  result.cases.noProductDescription = addition(...on(3), { product: { id: 305, identifier: 'EDR-SEAT' }, description: undefined });
  result.cases.bareProduct = addition(...on(4), { product: { id: null }, description: undefined, quantity: null, unitCost: null });
  result.cases.nullBillCustomer = addition(...on(5), { billCustomer: null, product: { id: 306, identifier: 'SUPPORT-HRS' }, description: 'Support hours' });
  result.cases.cancelledAddition = addition(...on(6), { cancelledDate: '2025-09-30T00:00:00Z', product: { id: 307, identifier: 'AV-LEGACY' }, description: 'Legacy antivirus' });
  // On an agreement of its own, so the other cases' agreements list cleanly. The spec requires no id; the
  // simulator stores the row without one (routes find additions by id: it is listed, never read alone).
  const [company] = on(7);
  const mdm = agreement(company, 'Active', 'Device Management');
  result.ordinaryAdditions.push(addition(company, mdm, { product: { id: 301, identifier: 'JC-DEVICE' }, description: 'JumpCloud device management', quantity: 4 }));
  const withoutId = { product: { id: 308, identifier: 'JC-MDM' }, description: 'JumpCloud MDM', quantity: 3, lessIncluded: 0, unitPrice: 4, unitCost: 2, billCustomer: 'Billable', effectiveDate: '2025-01-01T00:00:00Z', agreementId: mdm.id };
  data.additions.push(withoutId as unknown as SimAddition);
  result.cases.withoutId = { companyId: company.id, agreementId: mdm.id };
  return result;
}
