import { ConnectWiseError, type ConnectWiseClient } from '../../connectwise/index.js';
import { SyncOutcome } from './sync.entity.js';

/** One mapped organization as the sync sees it: where to write, and what. */
export interface SyncTarget {
  organizationId: string;
  organizationName: string;
  active: boolean;
  agreementId: number;
  additionId: number;
  /** The month's high watermark, or null when no count was recorded in the month. */
  quantity: number | null;
  unitCost: number;
  /** What highwater last wrote for this month, to tell its own writes from edits by hand. */
  lastWrittenQuantity: number | null;
}

export interface OrganizationOutcome {
  outcome: SyncOutcome;
  previousQuantity?: number;
  previousUnitCost?: number;
  newQuantity?: number;
  newUnitCost?: number;
  reason?: string;
  errorKind?: string;
  drift?: string;
}

const sameCost = (a: number | undefined, b: number) => a !== undefined && Math.round(a * 10_000) === Math.round(b * 10_000);

/** Failures that only a change of the mapping (or in ConnectWise) mends: the mapping is flagged "needs attention". */
export const NEEDS_ATTENTION_KINDS: readonly string[] = ['cancelled', 'not-found', 'agreement-not-active'];

/**
 * Reads the addition, compares, and PATCHes only what changed (whole top-level fields: ConnectWise
 * may accept a sub-path replace with 200 and apply nothing). `dryRun` stops before writing.
 */
export async function syncOrganization(client: ConnectWiseClient, target: SyncTarget, dryRun = false): Promise<OrganizationOutcome> {
  if (!target.active) return { outcome: SyncOutcome.SKIPPED, reason: 'the organization is inactive' };
  if (target.quantity === null) return { outcome: SyncOutcome.SKIPPED, reason: 'no user count was recorded this month' };
  const wanted = { newQuantity: target.quantity, newUnitCost: target.unitCost };

  try {
    const addition = await client.addition(target.agreementId, target.additionId);
    // A null quantity in ConnectWise is "no previous quantity": previousQuantity stays unset, and the watermark is written.
    const before = { previousQuantity: addition.quantity, previousUnitCost: addition.unitCost };
    if (addition.cancelledDate) {
      return { outcome: SyncOutcome.FAILED, ...before, ...wanted, errorKind: 'cancelled', reason: `the product addition was cancelled in ConnectWise (${addition.cancelledDate.slice(0, 10)})` };
    }
    // The addition carries its agreement's status; only an Active agreement is billed. An addition that
    // does not say is written as before (older ConnectWise versions leave the field out).
    if (addition.agreementStatus !== undefined && addition.agreementStatus !== 'Active') {
      return {
        outcome: SyncOutcome.FAILED,
        ...before,
        ...wanted,
        errorKind: 'agreement-not-active',
        reason: `the agreement is ${addition.agreementStatus} in ConnectWise: only Active agreements are synced`,
      };
    }
    const drift =
      target.lastWrittenQuantity !== null && addition.quantity !== target.lastWrittenQuantity && addition.quantity !== target.quantity
        ? `ConnectWise held ${addition.quantity ?? 'no quantity'}, but highwater last wrote ${target.lastWrittenQuantity} and the watermark is ${target.quantity}: edited by hand?`
        : undefined;
    const patch = {
      ...(addition.quantity !== target.quantity ? { quantity: target.quantity } : {}),
      ...(sameCost(addition.unitCost, target.unitCost) ? {} : { unitCost: target.unitCost }),
    };
    if (Object.keys(patch).length === 0) return { outcome: SyncOutcome.UNCHANGED, ...before, ...wanted, drift };
    if (dryRun) return { outcome: SyncOutcome.UPDATED, ...before, ...wanted, drift };

    const written = await client.patchAddition(target.agreementId, target.additionId, patch);
    if (written.quantity !== target.quantity || !sameCost(written.unitCost, target.unitCost)) {
      return { outcome: SyncOutcome.FAILED, ...before, ...wanted, drift, errorKind: 'not-applied', reason: 'ConnectWise accepted the change but did not apply it' };
    }
    return { outcome: SyncOutcome.UPDATED, ...before, ...wanted, drift };
  } catch (error) {
    if (!(error instanceof ConnectWiseError)) throw error;
    const reason = error.kind === 'not-found' ? 'the product addition no longer exists in ConnectWise' : error.message;
    // An addition that does not match the spec (`bad-response`) fails this organization only, naming the fields.
    return { outcome: SyncOutcome.FAILED, ...wanted, errorKind: error.kind, reason };
  }
}
