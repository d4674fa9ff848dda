import type { EntityManager } from '@mikro-orm/postgresql';
import type { CompanyType, ConnectWiseClient, ConnectWiseCredentials } from '../../connectwise/index.js';
import type { JobScheduler } from '../../jobs/scheduler.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { SecretBox } from '../../shared/secret-box.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.service.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { ConnectWiseClients } from './connectwise-clients.js';
import { connectWiseFailure } from './connectwise-errors.js';
import { checkPermissions, ConnectWiseFeature, describePermissions, type StoredPermissionCheck } from './feature-readiness.js';
import { ConnectWiseIntegration, IntegrationStatus } from './integration.entity.js';
import type { ConnectWiseIntegrationInput, ConnectWiseIntegrationUpdateInput } from './integration.inputs.js';

export const DEFAULT_BILLABLE_TYPE_NAME = 'Customer';
const MAX_BILLABLE_TYPES = 150;

/** Rows other features keep per provider that "disable & clear" must remove with the integration. */
export type ProviderDataCleaner = (em: EntityManager, scope: TenantScope) => Promise<number>;

export interface IntegrationDeps {
  connectWise: ConnectWiseClients;
  secrets: SecretBox;
  jobs: JobScheduler;
  /** Every feature's per-provider integration data (mappings, alert settings, …). */
  cleaners: ProviderDataCleaner[];
  /** Agenda job names that run per provider and stop with the integration. */
  providerJobNames: string[];
  /** Starts what runs for a connected provider (the daily sync schedule). */
  onConnected?: (scope: TenantScope) => Promise<void>;
}

export class IntegrationService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly deps: IntegrationDeps,
  ) {}

  get(): Promise<ConnectWiseIntegration | null> {
    return this.em.findOne(ConnectWiseIntegration, {}, { populate: ['createdBy', 'updatedBy'] });
  }

  async require(): Promise<ConnectWiseIntegration> {
    const integration = await this.get();
    if (!integration) {
      throw new AppError(ErrorCode.IntegrationNotConfigured, 'ConnectWise Manage is not connected yet: verify and save it first');
    }
    return integration;
  }

  /** The shared client for the saved integration (one per instance and key set, so limits hold). */
  async client(): Promise<ConnectWiseClient> {
    const integration = await this.require();
    const { providerId } = this.scope;
    // Its traffic marks the integration FAILING on a 401/403 and CONNECTED again on success (integration-health.ts).
    this.deps.connectWise.health?.note(providerId, integration);
    return this.deps.connectWise.shared(this.credentialsOf(integration), { providerId, keysSealed: integration.privateKeySealed });
  }

  /**
   * Runs a ConnectWise call and turns its failure into an error the admin can act on. The integration's
   * status, if the call changed it, is written before this returns, so the next read shows it.
   */
  async call<T>(work: (client: ConnectWiseClient) => Promise<T>): Promise<T> {
    const client = await this.client();
    try {
      return await work(client);
    } catch (error) {
      throw connectWiseFailure(error);
    } finally {
      await this.deps.connectWise.health?.settled(this.scope.providerId);
    }
  }

  /**
   * Connects the provider; once connected, changing it is verifyAndUpdate's job (CONFLICT). Several
   * identical calls in flight at once (a double-click, a retrying script) are one request: the ones that
   * lose the race to insert answer with the winner's integration when its values are theirs.
   */
  async verifyAndSave(viewer: Viewer, input: ConnectWiseIntegrationInput): Promise<ConnectWiseIntegration> {
    const credentials = validateCredentials(input);
    if (await this.em.count(ConnectWiseIntegration, {})) throw alreadyConnected();
    const { codebase, permissionCheck } = await this.verify(credentials);
    const integration = this.em.create(ConnectWiseIntegration, {
      provider: this.scope.providerId,
      site: credentials.site,
      companyId: credentials.companyId,
      codebase,
      permissionCheck,
      ...this.sealKeys(credentials),
      createdBy: viewer.admin.id,
      updatedBy: viewer.admin.id,
    });
    new AuditService(this.em).record(viewer, 'integration.created', { site: credentials.site, companyId: credentials.companyId, publicKey: credentials.publicKey });
    try {
      await this.em.flush();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent call saved first: drop this one's row and audit entry from the unit of work.
      this.em.clear();
      const winner = await this.require();
      const current = this.credentialsOf(winner);
      const same = (Object.keys(current) as (keyof ConnectWiseCredentials)[]).every((key) => current[key] === credentials[key]);
      if (!same) throw alreadyConnected();
      return winner;
    }
    await this.deps.onConnected?.(this.scope);
    return integration;
  }

  /** The saved keys stay in force until the new ones verify. */
  async verifyAndUpdate(viewer: Viewer, input: ConnectWiseIntegrationUpdateInput): Promise<ConnectWiseIntegration> {
    const integration = await this.require();
    const credentials = validateCredentials({
      site: input.site ?? integration.site,
      companyId: input.companyId ?? integration.companyId,
      publicKey: input.publicKey,
      privateKey: input.privateKey,
    });
    const { codebase, permissionCheck } = await this.verify(credentials);
    const changed = { site: integration.site !== credentials.site, companyId: integration.companyId !== credentials.companyId, keys: true };
    Object.assign(integration, {
      site: credentials.site,
      companyId: credentials.companyId,
      codebase,
      permissionCheck,
      ...this.sealKeys(credentials),
      status: IntegrationStatus.CONNECTED,
      lastError: null,
      lastVerifiedAt: new Date(),
      updatedBy: this.em.getReference('Admin', viewer.admin.id),
    });
    new AuditService(this.em).record(viewer, 'integration.updated', { ...changed, site: credentials.site, companyId: credentials.companyId, publicKey: credentials.publicKey });
    await this.em.flush();
    return integration;
  }

  /**
   * Checks the API member's permissions again with the saved keys (after the MSP changed its security
   * role) and stores what was found. Unlike verify, a role that no longer allows billing sync is stored
   * and reported, not refused: the connection exists either way.
   */
  async recheckPermissions(): Promise<ConnectWiseIntegration> {
    const integration = await this.require();
    const client = this.deps.connectWise.transient(this.credentialsOf(integration));
    try {
      integration.permissionCheck = await checkPermissions(client);
    } catch (error) {
      throw connectWiseFailure(error);
    } finally {
      await client.close();
    }
    await this.em.flush();
    return integration;
  }

  /** The instance's company types, read live. */
  companyTypes(): Promise<CompanyType[]> {
    return this.call((client) => client.companyTypes());
  }

  /** The saved selection, or "Customer" (when the instance has it) before the MSP saves one. */
  async billableCompanyTypes(): Promise<{ types: CompanyType[]; isDefault: boolean }> {
    const integration = await this.require();
    const types = await this.companyTypes();
    if (!integration.billableCompanyTypeIds) {
      return { types: types.filter((type) => type.name.toLowerCase() === DEFAULT_BILLABLE_TYPE_NAME.toLowerCase()), isDefault: true };
    }
    const saved = new Set(integration.billableCompanyTypeIds);
    return { types: types.filter((type) => saved.has(type.id)), isDefault: false };
  }

  /** Ids used to filter the company picker: the saved ones, or the default's. */
  async billableCompanyTypeIds(): Promise<number[]> {
    const integration = await this.require();
    if (integration.billableCompanyTypeIds) return integration.billableCompanyTypeIds;
    return (await this.billableCompanyTypes()).types.map((type) => type.id);
  }

  async setBillableCompanyTypes(viewer: Viewer, ids: number[]): Promise<CompanyType[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) throw new AppError(ErrorCode.BadUserInput, 'select at least one company type', { field: 'ids' });
    if (unique.length > MAX_BILLABLE_TYPES) {
      throw new AppError(ErrorCode.BadUserInput, `select at most ${MAX_BILLABLE_TYPES} company types`, { field: 'ids' });
    }
    const integration = await this.require();
    const known = await this.companyTypes();
    const knownIds = new Set(known.map((type) => type.id));
    const unknown = unique.filter((id) => !knownIds.has(id));
    if (unknown.length > 0) {
      throw new AppError(ErrorCode.BadUserInput, `ConnectWise has no company type ${unknown.join(', ')}`, { field: 'ids', unknownIds: unknown });
    }
    const previous = integration.billableCompanyTypeIds ?? null;
    integration.billableCompanyTypeIds = unique;
    integration.updatedBy = this.em.getReference('Admin', viewer.admin.id) as never;
    new AuditService(this.em).record(viewer, 'company-types.saved', { previous, ids: unique });
    await this.em.flush();
    return known.filter((type) => unique.includes(type.id));
  }

  /**
   * Disable integration & clear data: credentials, type selection, mappings and every other
   * feature's settings go in one transaction with the audit entry; then the provider's jobs are
   * cancelled (Agenda lives in MongoDB, outside the transaction, and a cancelled job is harmless
   * to repeat).
   */
  async disable(viewer: Viewer, confirm: boolean): Promise<boolean> {
    if (confirm !== true) throw new AppError(ErrorCode.BadUserInput, 'pass confirm: true to disable the integration and clear its data', { field: 'confirm' });
    const integration = await this.require();
    const removed = await this.em.transactional(async (em) => {
      let rows = 0;
      for (const clean of this.deps.cleaners) rows += await clean(em, this.scope);
      await em.nativeDelete(ConnectWiseIntegration, { id: integration.id });
      new AuditService(em).record(viewer, 'integration.disabled', { site: integration.site, companyId: integration.companyId, rowsRemoved: rows });
      await em.flush();
      return rows;
    });
    this.em.clear();
    await this.deps.jobs.cancel(this.deps.providerJobNames, { providerId: this.scope.providerId });
    return removed >= 0;
  }

  credentialsOf(integration: ConnectWiseIntegration): ConnectWiseCredentials {
    return {
      site: integration.site,
      companyId: integration.companyId,
      publicKey: this.deps.secrets.open(integration.publicKeySealed),
      privateKey: this.deps.secrets.open(integration.privateKeySealed),
    };
  }

  /**
   * Discovery, an authenticated call, then the API member's permissions per feature. Returns the codebase
   * and what the permission check found. A role that cannot read what billing sync (and the mappings every
   * feature relies on) needs is refused; missing ticketing permissions are only reported.
   */
  private async verify(credentials: ConnectWiseCredentials): Promise<{ codebase: string; permissionCheck: StoredPermissionCheck }> {
    const client = this.deps.connectWise.transient(credentials);
    let verified: { codebase: string; permissionCheck: StoredPermissionCheck };
    try {
      const info = await client.companyInfo();
      await client.systemInfo();
      verified = { codebase: info.Codebase, permissionCheck: await checkPermissions(client) };
    } catch (error) {
      throw connectWiseFailure(error);
    } finally {
      await client.close();
    }
    refuseWithoutBilling(verified.permissionCheck);
    return verified;
  }

  private sealKeys(credentials: ConnectWiseCredentials) {
    return {
      publicKeySealed: this.deps.secrets.seal(credentials.publicKey),
      privateKeySealed: this.deps.secrets.seal(credentials.privateKey),
      publicKeyLast4: credentials.publicKey.slice(-4),
    };
  }
}

/**
 * Billing sync is what highwater is for, and ticketing needs mapped organizations, which need the same
 * reads: a connection that cannot read company types, companies or agreements would do nothing but fail
 * its daily sync. Every missing permission is named, ticketing's too, so the role is fixed in one go.
 */
function refuseWithoutBilling(check: StoredPermissionCheck): void {
  const features = describePermissions(check).features;
  const billing = features.find((feature) => feature.feature === ConnectWiseFeature.BILLING_SYNC);
  if (!billing || billing.ready) return;
  const others = features.filter((feature) => feature !== billing && !feature.ready);
  const also = others.map((feature) => ` ${feature.label} also lacks ${feature.missing.join(', ')}.`).join('');
  throw new AppError(
    ErrorCode.ConnectWisePermissionDenied,
    `API member lacks permission for billing sync: ${billing.missing.join(', ')}. Grant ${billing.missing.length > 1 ? 'them' : 'it'} to the API member's security role in ConnectWise (System › Security Roles) and verify again.${also}`,
    // Keyed by the GraphQL enum's names (BILLING_SYNC…), as clients see features elsewhere.
    { missingPermissions: Object.fromEntries(features.map((feature) => [feature.feature.toUpperCase().replaceAll('-', '_'), feature.missing])) },
  );
}

const alreadyConnected = () =>
  new AppError(ErrorCode.Conflict, 'ConnectWise Manage is already connected: use verifyAndUpdateConnectWiseIntegration to change it');

/** Providers with a ConnectWise integration (system-wide: for scheduling at start-up). */
export async function connectedProviderIds(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ provider_id: string }[]>('select provider_id from connectwise_integrations');
  return rows.map((row) => row.provider_id);
}

/** The product doc's rules for the connect form, each error naming its field. */
export function validateCredentials(input: ConnectWiseIntegrationInput): ConnectWiseCredentials {
  const site = input.site.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(site)) {
    throw new AppError(ErrorCode.BadUserInput, "Don't include https:// in the Base URL: enter just the host, e.g. api-na.myconnectwise.net", { field: 'site' });
  }
  if (!site || /\s/.test(site) || site.includes('/') || !/^[a-z0-9.-]+(:\d{1,5})?$/i.test(site)) {
    throw new AppError(ErrorCode.BadUserInput, 'Base URL must be a host name such as api-na.myconnectwise.net, with no path or spaces', { field: 'site' });
  }
  const companyId = input.companyId.trim();
  if (!companyId || /\s/.test(companyId) || companyId.length > 100) {
    throw new AppError(ErrorCode.BadUserInput, 'Company ID is required (no spaces)', { field: 'companyId' });
  }
  for (const field of ['publicKey', 'privateKey'] as const) {
    const value = input[field].trim();
    if (!value || /\s/.test(value) || value.length > 200) {
      throw new AppError(ErrorCode.BadUserInput, `${field === 'publicKey' ? 'Public' : 'Private'} API key is required (no spaces)`, { field });
    }
  }
  return { site: site.toLowerCase(), companyId, publicKey: input.publicKey.trim(), privateKey: input.privateKey.trim() };
}
