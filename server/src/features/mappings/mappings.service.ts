import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { PrimedLoader } from '../../shared/primed-loader.js';
import type { Addition, Agreement, Company, ConnectWiseClient, ListResult } from '../../connectwise/index.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { requireId } from '../../shared/ids.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { retryOnUniqueViolation } from '../../shared/unique-violation.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.service.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { IntegrationService } from '../integration/integration.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { Mapping } from './mapping.entity.js';
import type {
  CompanySuggestion,
  ConnectWiseAddition,
  ConnectWiseAdditionList,
  ConnectWiseAgreement,
  ConnectWiseAgreementList,
  ConnectWiseCompany,
  ConnectWiseCompanyConnection,
  MappingInput,
} from './mapping.types.js';
import { nameSimilarity } from './name-match.js';

const MAX_MAPPINGS_PER_CALL = 500;
const SUGGESTION_CACHE_MS = 5 * 60_000;

/** Company names per integration and type selection, for suggestions: listing 20,000 companies once per five minutes is plenty. */
const companyNameCache = new Map<string, { at: number; companies: ConnectWiseCompany[] }>();

export class MappingsService {
  /** The mapping of each organization id, batched: one query per request however many rows are drawn. */
  readonly byOrganization = new DataLoader<string, Mapping | null>(async (organizationIds) => {
    const mappings = await this.em.find(Mapping, { organization: { $in: [...organizationIds] } });
    const byId = new Map(mappings.map((mapping) => [mapping.organization.id, mapping]));
    return organizationIds.map((id) => byId.get(id) ?? null);
  });

  /** An organization's mapping: at once when its page read it (primed), otherwise through byOrganization. */
  readonly mappingOf = new PrimedLoader(this.byOrganization);

  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly integration: IntegrationService,
  ) {}

  /** Companies of the billable types whose name contains `search`, filtered and paged by ConnectWise. */
  async companies(search: string | undefined, first = 25, after?: string): Promise<ConnectWiseCompanyConnection> {
    if (first < 1 || first > 100) throw new AppError(ErrorCode.BadUserInput, 'first must be 1 to 100', { field: 'first' });
    const page = after ? decodeCursor(after, ['page'])[0] + 1 : 1;
    const typeIds = await this.integration.billableCompanyTypeIds();
    const result = await this.integration.call((client) => client.companiesPage({ typeIds, search: search?.trim() || undefined, page, pageSize: first }));
    return {
      nodes: result.items.map(toCompany),
      skipped: result.skipped,
      hasNextPage: result.hasNextPage,
      endCursor: result.hasNextPage ? encodeCursor([page]) : undefined,
    };
  }

  /** Every agreement that is not cancelled, with its status; only Active ones are `selectable` (and listed first). */
  async agreements(companyId: number): Promise<ConnectWiseAgreementList> {
    const agreements = await this.integration.call((client) => notCancelled(client.agreements(companyId)));
    const nodes = agreements.items.map((agreement) => toAgreement(agreement, companyId));
    // The ones that can be mapped first, each group in ConnectWise's (name) order.
    return { nodes: [...nodes.filter((node) => node.selectable), ...nodes.filter((node) => !node.selectable)], skipped: agreements.skipped };
  }

  async additions(agreementId: number): Promise<ConnectWiseAdditionList> {
    // ConnectWise ids are positive: anything else names no agreement, and is not sent upstream.
    if (!Number.isSafeInteger(agreementId) || agreementId < 1) {
      throw new AppError(ErrorCode.BadUserInput, `agreementId must be a ConnectWise agreement id (a whole number from 1), not ${agreementId}`, { field: 'agreementId' });
    }
    const additions = await this.integration.call((client) => client.additions(agreementId));
    return { nodes: additions.items.map(toAddition), skipped: additions.skipped };
  }

  /**
   * Checks every mapping against ConnectWise (the agreement is the company's and Active, the addition is
   * the agreement's, readable and not cancelled) and saves them all, or none.
   */
  async save(viewer: Viewer, inputs: MappingInput[]): Promise<Mapping[]> {
    if (inputs.length === 0 || inputs.length > MAX_MAPPINGS_PER_CALL) {
      throw new AppError(ErrorCode.BadUserInput, `save 1 to ${MAX_MAPPINGS_PER_CALL} mappings at a time`, { field: 'mappings' });
    }
    const organizationIds = inputs.map((input, index) => requireId(input.organizationId, `mappings[${index}].organizationId`));
    duplicates(organizationIds, (id) => `organization ${id} appears twice: an organization maps to one addition only`);
    duplicates(inputs.map((input) => input.additionId), (id) => `addition ${id} appears twice: an addition serves one organization only`);

    const organizations = await this.em.find(Organization, { id: { $in: organizationIds } });
    const known = new Map(organizations.map((organization) => [organization.id, organization]));
    const missing = organizationIds.find((id) => !known.has(id));
    if (missing) throw new AppError(ErrorCode.NotFound, `no organization with id ${missing}`, { field: 'organizationId' });

    await refuseTakenAdditions(this.em, inputs, organizationIds);
    const checked = await this.integration.call((client) => Promise.all(inputs.map((input) => checkInConnectWise(client, input))));
    // A concurrent save may take one of these additions (or map one of these organizations) first: the
    // retry checks again, so the addition is CONFLICT naming its organization, and a repeat is an update.
    return retryOnUniqueViolation(() => this.em.transactional(async (em) => {
      await refuseTakenAdditions(em, inputs, organizationIds);
      const existing = new Map((await em.find(Mapping, { organization: { $in: organizationIds } })).map((mapping) => [mapping.organization.id, mapping]));
      const saved = inputs.map((input, index) => {
        const { agreement, addition } = checked[index]!;
        const organizationId = organizationIds[index]!;
        const values = {
          companyId: input.companyId,
          companyName: agreement.company?.name ?? agreement.company?.identifier ?? String(input.companyId),
          agreementId: agreement.id,
          agreementName: agreement.name,
          additionId: addition.id,
          additionName: additionName(addition),
          needsAttention: false,
          lastError: undefined,
        };
        const mapping = existing.get(organizationId) ?? em.create(Mapping, { provider: this.scope.providerId, organization: organizationId, ...values });
        Object.assign(mapping, values);
        return mapping;
      });
      new AuditService(em).record(viewer, 'mappings.saved', {
        mappings: saved.map((mapping, index) => ({
          organizationId: organizationIds[index],
          organization: known.get(organizationIds[index]!)?.name,
          company: mapping.companyName,
          agreement: mapping.agreementName,
          addition: mapping.additionName,
          additionId: mapping.additionId,
        })),
      });
      await em.flush();
      return saved;
    }));
  }

  /**
   * Removes the organization's mapping; it stops syncing. Only the call whose DELETE removed the row
   * audits it: concurrent repeats find nothing left to remove and answer NOT_FOUND, as a later one would.
   */
  async disable(viewer: Viewer, organizationId: string): Promise<boolean> {
    const notMapped = () => new AppError(ErrorCode.NotFound, `organization ${organizationId} has no mapping`, { field: 'organizationId' });
    const mapping = await this.em.findOne(Mapping, { organization: requireId(organizationId, 'organizationId') });
    if (!mapping) throw notMapped();
    const organization = await this.em.findOne(Organization, { id: mapping.organization.id });
    const removed = await this.em.transactional(async (em) => {
      if ((await em.nativeDelete(Mapping, { id: mapping.id })) === 0) return false;
      new AuditService(em).record(viewer, 'mapping.disabled', {
        organizationId,
        organization: organization?.name,
        company: mapping.companyName,
        agreement: mapping.agreementName,
        addition: mapping.additionName,
      });
      await em.flush();
      return true;
    });
    if (!removed) throw notMapped();
    return true;
  }

  /** The billable companies whose names best match the organization's, best first. */
  async suggestions(organizationId: string, first = 5): Promise<CompanySuggestion[]> {
    const organization = await this.em.findOne(Organization, { id: requireId(organizationId, 'organizationId') });
    if (!organization) throw new AppError(ErrorCode.NotFound, `no organization with id ${organizationId}`, { field: 'organizationId' });
    const companies = await this.billableCompanies();
    return companies
      .map((company) => ({ company, score: Math.round(nameSimilarity(organization.name, company.name) * 1000) / 1000 }))
      .filter((suggestion) => suggestion.score >= 0.5)
      .sort((a, b) => b.score - a.score || a.company.name.localeCompare(b.company.name))
      .slice(0, Math.min(Math.max(first, 1), 20));
  }

  private async billableCompanies(): Promise<ConnectWiseCompany[]> {
    const integration = await this.integration.require();
    const typeIds = await this.integration.billableCompanyTypeIds();
    // The key changes with the instance and the type selection, so neither change serves stale names.
    const key = `${integration.id}:${integration.site}:${integration.companyId}:${typeIds.join(',')}`;
    const cached = companyNameCache.get(key);
    if (cached && Date.now() - cached.at < SUGGESTION_CACHE_MS) return cached.companies;
    const companies = await this.integration.call(async (client) => {
      const all: ConnectWiseCompany[] = [];
      for await (const company of client.iterateCompanies({ typeIds })) all.push(toCompany(company));
      return all;
    });
    companyNameCache.set(key, { at: Date.now(), companies });
    return companies;
  }
}

/** Every organization's mapping for this provider; "disable & clear" removes them. */
export async function clearMappings(em: EntityManager): Promise<number> {
  return em.nativeDelete(Mapping, {});
}

/** One addition serves one organization: CONFLICT naming the organization that already has it. */
async function refuseTakenAdditions(em: EntityManager, inputs: MappingInput[], organizationIds: string[]): Promise<void> {
  const takenBy = await em.find(Mapping, { additionId: { $in: inputs.map((input) => input.additionId) }, organization: { $nin: organizationIds } }, { populate: ['organization'] });
  if (takenBy[0]) {
    throw new AppError(ErrorCode.Conflict, `addition ${takenBy[0].additionId} already serves ${takenBy[0].organization.name}: an addition serves one organization only`, {
      field: 'additionId',
    });
  }
}

async function checkInConnectWise(client: ConnectWiseClient, input: MappingInput): Promise<{ agreement: Agreement; addition: Addition }> {
  const agreements = await notCancelled(client.agreements(input.companyId));
  const agreement = agreements.items.find((candidate) => candidate.id === input.agreementId);
  if (!agreement) {
    const unreadable = agreements.skipped.find((row) => row.id === input.agreementId);
    if (unreadable) {
      throw new AppError(ErrorCode.BadUserInput, `agreement ${input.agreementId} could not be read from ConnectWise (${unreadable.reason})`, { field: 'agreementId' });
    }
    throw new AppError(ErrorCode.BadUserInput, `agreement ${input.agreementId} is not an active agreement of company ${input.companyId}`, { field: 'agreementId' });
  }
  if (!isActive(agreement)) {
    throw new AppError(ErrorCode.BadUserInput, `agreement ${input.agreementId} is ${statusText(agreement.agreementStatus)} in ConnectWise: only Active agreements can be mapped`, {
      field: 'agreementId',
    });
  }
  const additions = await client.additions(input.agreementId);
  const addition = additions.items.find((candidate) => candidate.id === input.additionId);
  if (!addition) {
    const unreadable = additions.skipped.find((row) => row.id === input.additionId);
    if (unreadable) {
      throw new AppError(ErrorCode.BadUserInput, `addition ${input.additionId} could not be read from ConnectWise (${unreadable.reason})`, { field: 'additionId' });
    }
    throw new AppError(ErrorCode.BadUserInput, `addition ${input.additionId} is not on agreement ${input.agreementId}`, { field: 'additionId' });
  }
  if (addition.cancelledDate) {
    throw new AppError(ErrorCode.BadUserInput, `addition ${input.additionId} was cancelled on ${addition.cancelledDate}`, { field: 'additionId' });
  }
  return { agreement, addition };
}

function duplicates<T>(values: T[], message: (value: T) => string): void {
  const seen = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) throw new AppError(ErrorCode.BadUserInput, message(value), { field: 'mappings' });
    seen.add(value);
  }
}

/**
 * The client lists agreements with `cancelledFlag = false`; one whose status says Cancelled anyway is
 * left out too (a cancelled agreement is never offered, not even disabled).
 */
async function notCancelled(list: Promise<ListResult<Agreement>>): Promise<ListResult<Agreement>> {
  const { items, skipped } = await list;
  return { items: items.filter((agreement) => agreement.agreementStatus !== 'Cancelled'), skipped };
}

/** Only an Active agreement is billed: Expired and Inactive ones (or one without a status) are not offered. */
export const isActive = (agreement: Pick<Agreement, 'agreementStatus'>) => agreement.agreementStatus === 'Active';

const statusText = (status: string | undefined) => (status ? status : 'of unknown status');

/** "JC-USER — JumpCloud user license"; ConnectWise may send neither, so the id is the last resort. */
export function additionName(addition: Pick<Addition, 'id' | 'product' | 'description'>): string {
  const name = [addition.product.identifier, addition.description].filter(Boolean).join(' — ');
  return name || `product addition ${addition.id}`;
}

const toCompany = (company: Company): ConnectWiseCompany => ({ id: company.id, identifier: company.identifier, name: company.name });
const toAgreement = (agreement: Agreement, companyId: number): ConnectWiseAgreement => ({
  id: agreement.id,
  name: agreement.name,
  type: agreement.type?.name,
  companyId: agreement.company?.id ?? companyId,
  status: agreement.agreementStatus,
  selectable: isActive(agreement),
});
const toAddition = (addition: Addition): ConnectWiseAddition => ({
  id: addition.id,
  productIdentifier: addition.product.identifier,
  description: addition.description,
  quantity: addition.quantity,
  unitCost: addition.unitCost,
  cancelled: Boolean(addition.cancelledDate),
});
