import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { requireId } from '../../shared/ids.js';
import type { Page } from '../../shared/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.service.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import { listOrganizations, type ListedOrganization } from './organization-list.js';
import {
  MAX_BATCH,
  OrganizationSortField,
  SortDirection,
  type ItemError,
  type OrganizationFilter,
  type OrganizationInput,
  type OrganizationOrder,
} from './organization.inputs.js';
import { Organization } from './organization.entity.js';
import { retryOnUniqueViolation } from '../../shared/unique-violation.js';

const MAX_COST_PER_SEAT = 1_000_000;
const DEFAULT_ORDER: OrganizationOrder = { field: OrganizationSortField.NAME, direction: SortDirection.ASC };

export class OrganizationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly deps: {
      /** This month in the provider's billing time zone (the usage feature knows), for the watermark sort. */
      currentMonth: () => Promise<string>;
      /** Hands the usage and mappings read with a page to the loaders its fields resolve through. */
      primeLoaders: (listed: ListedOrganization[]) => void;
    },
  ) {}

  async get(id: string): Promise<Organization> {
    const organization = await this.em.findOne(Organization, { id: requireId(id, 'organizationId') });
    if (!organization) throw new AppError(ErrorCode.NotFound, `no organization with id ${id}`, { field: 'organizationId' });
    return organization;
  }

  /** A page in the order asked (name by default); a cursor is only good for the order it came from. */
  async list(filter: OrganizationFilter = {}, order: OrganizationOrder = DEFAULT_ORDER, first = 50, after?: string): Promise<Page<Organization>> {
    if (first < 1 || first > 1000) throw new AppError(ErrorCode.BadUserInput, 'first must be 1 to 1000', { field: 'first' });
    const page = await listOrganizations(this.em, this.scope.providerId, await this.deps.currentMonth(), filter, order, first, after);
    this.deps.primeLoaders(page.nodes);
    return { ...page, nodes: page.nodes.map((listed) => listed.organization) };
  }

  /** Creates or updates by externalId; all or nothing. */
  async upsert(inputs: OrganizationInput[]): Promise<Organization[]> {
    const problems: ItemError[] = [];
    if (inputs.length === 0 || inputs.length > MAX_BATCH) {
      throw new AppError(ErrorCode.BadUserInput, `send 1 to ${MAX_BATCH} organizations at a time`, { field: 'organizations' });
    }
    const seen = new Set<string>();
    inputs.forEach((input, index) => {
      const externalId = input.externalId.trim();
      if (!externalId || externalId.length > 200) problems.push({ index, field: 'externalId', message: 'must be 1 to 200 characters' });
      else if (seen.has(externalId)) problems.push({ index, field: 'externalId', message: `${externalId} appears twice in the batch` });
      seen.add(externalId);
      if (!input.name.trim() || input.name.length > 200) problems.push({ index, field: 'name', message: 'must be 1 to 200 characters' });
      if (input.costPerSeat !== undefined && input.costPerSeat !== null) {
        const problem = costProblem(input.costPerSeat);
        if (problem) problems.push({ index, field: 'costPerSeat', message: problem });
      }
    });
    throwIfProblems(problems, inputs.length);

    // A concurrent batch may create one of these externalIds first: the retry finds it and updates it.
    return retryOnUniqueViolation(() => this.em.transactional(async (em) => {
      const existing = await em.find(Organization, { externalId: { $in: [...seen] } });
      const byExternalId = new Map(existing.map((organization) => [organization.externalId, organization]));
      const saved = inputs.map((input) => {
        const externalId = input.externalId.trim();
        const organization =
          byExternalId.get(externalId) ??
          em.create(Organization, { provider: this.scope.providerId, externalId, name: input.name.trim() });
        organization.name = input.name.trim();
        if (input.costPerSeat !== undefined && input.costPerSeat !== null) organization.costPerSeatDecimal = input.costPerSeat.toFixed(4);
        if (input.active !== undefined && input.active !== null) organization.active = input.active;
        return organization;
      });
      await em.flush();
      return saved;
    }));
  }

  /** Audited with the old and new amount; setting the amount it already has changes and records nothing. */
  async setCostPerSeat(viewer: Viewer, organizationId: string, amount: number): Promise<Organization> {
    const problem = costProblem(amount);
    if (problem) throw new AppError(ErrorCode.BadUserInput, `amount ${problem}`, { field: 'amount' });
    const organization = await this.get(organizationId);
    const previous = organization.costPerSeat;
    if (previous === amount) return organization;
    organization.costPerSeatDecimal = amount.toFixed(4);
    new AuditService(this.em).record(viewer, 'organization.cost-per-seat-set', {
      organizationId: organization.id,
      organization: organization.name,
      previous,
      costPerSeat: amount,
    });
    await this.em.flush();
    return organization;
  }
}

function costProblem(amount: number): string | undefined {
  if (!Number.isFinite(amount) || amount < 0 || amount > MAX_COST_PER_SEAT) return `must be between 0 and ${MAX_COST_PER_SEAT}`;
  if (Math.abs(amount * 10_000 - Math.round(amount * 10_000)) > 1e-6) {
    return 'must have at most 4 decimal places';
  }
  return undefined;
}

export function throwIfProblems(problems: ItemError[], total: number): void {
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new AppError(
    ErrorCode.BadUserInput,
    `${problems.length} of ${total} items are invalid; nothing was saved (item ${first.index}: ${first.field} ${first.message})`,
    { itemErrors: problems.slice(0, 100) },
  );
}
