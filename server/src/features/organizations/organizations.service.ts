import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { requireId } from '../../shared/ids.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import { MAX_BATCH, type ItemError, type OrganizationFilter, type OrganizationInput } from './organization.inputs.js';
import { Organization } from './organization.entity.js';
import { decodeCursor, encodeCursor, type Page } from '../../shared/pagination.js';
import { retryOnUniqueViolation } from '../../shared/unique-violation.js';

const MAX_COST_PER_SEAT = 1_000_000;

export class OrganizationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    /** Ids of the organizations that have a ConnectWise mapping (the mappings feature knows). */
    private readonly mappedOrganizationIds: () => Promise<string[]> = async () => [],
  ) {}

  async get(id: string): Promise<Organization> {
    const organization = await this.em.findOne(Organization, { id: requireId(id, 'organizationId') });
    if (!organization) throw new AppError(ErrorCode.NotFound, `no organization with id ${id}`, { field: 'organizationId' });
    return organization;
  }

  /** Ordered by name, then id: a stable order for cursors while names change underneath. */
  async list(filter: OrganizationFilter = {}, first = 50, after?: string): Promise<Page<Organization>> {
    if (first < 1 || first > 1000) throw new AppError(ErrorCode.BadUserInput, 'first must be 1 to 1000', { field: 'first' });
    // em.find/count, not a QueryBuilder: only they apply the tenant filter.
    const where: FilterQuery<Organization> = {};
    const search = filter.search?.trim();
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.$or = [{ name: { $ilike: pattern } }, { externalId: { $ilike: pattern } }];
    }
    if (filter.active !== undefined && filter.active !== null) where.active = filter.active;
    if (filter.mapped !== undefined && filter.mapped !== null) {
      const mapped = await this.mappedOrganizationIds();
      where.id = filter.mapped ? { $in: mapped } : { $nin: mapped };
    }
    const totalCount = await this.em.count(Organization, where);
    const page: FilterQuery<Organization> = { ...where };
    if (after) {
      const [name, id] = decodeCursor(after, ['string', 'uuid']);
      page.$and = [{ $or: [{ name: { $gt: name } }, { name, id: { $gt: id } }] }];
    }
    const rows = await this.em.find(Organization, page, { orderBy: { name: 'asc', id: 'asc' }, limit: first + 1 });
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
    return { nodes, totalCount, hasNextPage: rows.length > first, endCursor: last ? encodeCursor([last.name, last.id]) : undefined };
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

  async setCostPerSeat(organizationId: string, amount: number): Promise<Organization> {
    const problem = costProblem(amount);
    if (problem) throw new AppError(ErrorCode.BadUserInput, `amount ${problem}`, { field: 'amount' });
    const organization = await this.get(organizationId);
    organization.costPerSeatDecimal = amount.toFixed(4);
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
