import { parse } from 'graphql';
import { QUERY_LIMITS } from '../../src/graphql/limits.js';
import type { FuzzOperation } from './operation.js';
import { holdsRawJson, overMessageLimit } from './serialize.js';
import { sendHttp, sendRawWs, sendWs, WsClients, type Outcome } from './transports.js';
import { judge, refused, type FailureKind } from './verdict.js';

export interface FuzzTarget {
  /** http://host:port of the app. */
  url: string;
  adminToken: string;
  /** Rows per provider-owned table. */
  rowCounts(): Promise<Record<string, number>>;
}

export interface FuzzFailure {
  op: FuzzOperation;
  kind: FailureKind;
  error: string;
}

export interface FuzzTally {
  /** Requests sent (a 4× duplicate counts 4). */
  operations: number;
  http: number;
  ws: number;
  internalErrors: number;
  serverErrors: number;
  refusedChangedData: number;
  /** Mutations refused, and how many of them were in a batch whose row counts were compared (no mutation in it ran). */
  refusedMutations: number;
  refusedMutationsChecked: number;
  failures: FuzzFailure[];
}

/**
 * Mutations sent at once in one batch (row counts are taken between batches): small enough that most
 * batches of refusals hold no mutation that ran, which would leave the batch unchecked.
 */
const MUTATION_BATCH = 8;
/** Queries and subscriptions sent at once beside the batches. */
const BESIDE_BATCH = 16;
const WS_CLIENTS = 3;

/**
 * Sends the operations in batches, at once within a batch; counts rows between batches of mutations.
 * A batch in which no mutation ran must leave every count as it was; when it does not, each of its
 * operations is sent again alone, with counts around it, to name the one that wrote.
 */
export class FuzzRunner {
  readonly tally: FuzzTally = { operations: 0, http: 0, ws: 0, internalErrors: 0, serverErrors: 0, refusedChangedData: 0, refusedMutations: 0, refusedMutationsChecked: 0, failures: [] };
  private readonly clients: WsClients;
  private readonly wsUrl: string;
  private counts: Record<string, number> | undefined;
  private sent = 0;

  constructor(private readonly target: FuzzTarget) {
    this.wsUrl = target.url.replace(/^http/, 'ws') + '/graphql';
    this.clients = new WsClients(this.wsUrl, target.adminToken, WS_CLIENTS);
  }

  /**
   * Runs `operations`. Mutations go in batches with row counts around them: refusals together, and
   * each request that may write (a valid mutation, a 4× duplicate) alone, so that a refusal is
   * rarely in a batch where another mutation ran, which would leave it unchecked.
   * Queries and subscriptions, which write nothing, run beside the batches at the same time.
   */
  async run(operations: FuzzOperation[]): Promise<void> {
    const mutations = operations.filter((op) => op.operationType === 'mutation');
    const mayWrite = (op: FuzzOperation) => op.auth === 'admin' && (op.kind === 'valid' || op.kind.startsWith('valid;') || op.copies > 1);
    const batches = [...chunk(mutations.filter((op) => !mayWrite(op)), MUTATION_BATCH), ...chunk(mutations.filter(mayWrite), 1)];
    const beside = this.runBeside(operations.filter((op) => op.operationType !== 'mutation'));
    for (const batch of batches) await this.runBatch(batch);
    await beside;
  }

  private async runBeside(operations: FuzzOperation[]): Promise<void> {
    for (const batch of chunk(operations, BESIDE_BATCH)) await Promise.all(batch.map((op) => this.send(op)));
  }

  async dispose(): Promise<void> {
    await this.clients.dispose();
  }

  private async runBatch(batch: FuzzOperation[]): Promise<void> {
    this.counts ??= await this.target.rowCounts();
    const before = this.counts;
    const requests = batch.flatMap((op) => Array.from({ length: op.copies }, () => op));
    const outcomes = await Promise.all(requests.map((op) => this.send(op)));
    const after = await this.target.rowCounts();
    this.counts = after;
    const refusals = outcomes.filter(refused).length;
    this.tally.refusedMutations += refusals;
    if (refusals < requests.length) return;
    this.tally.refusedMutationsChecked += refusals;
    if (changedTables(before, after).length > 0) await this.findWriters(batch);
  }

  private async findWriters(batch: FuzzOperation[]): Promise<void> {
    let found = 0;
    for (const op of batch) {
      const before = await this.target.rowCounts();
      const outcome = await this.send(op);
      const after = (this.counts = await this.target.rowCounts());
      const tables = changedTables(before, after);
      if (tables.length > 0 && (op.operationType !== 'mutation' || refused(outcome))) {
        found += 1;
        this.fail(op, 'refused but changed data', `rows changed in ${tables.join(', ')}`);
      }
    }
    // Not repeated alone (the first attempt's write made the second a no-op): every operation of the batch is a suspect.
    if (found === 0) for (const op of batch) this.fail(op, 'refused but changed data', 'rows changed in a batch of refused requests (not repeated when sent alone)');
  }

  private async send(op: FuzzOperation): Promise<Outcome> {
    const index = this.sent++;
    this.tally.operations += 1;
    let outcome: Outcome;
    if (op.transport === 'http') {
      this.tally.http += 1;
      outcome = await sendHttp(this.target.url, op, this.target.adminToken);
    } else {
      this.tally.ws += 1;
      outcome = needsOwnSocket(op) ? await sendRawWs(this.wsUrl, op, this.target.adminToken) : await sendWs(this.clients.get(index), op);
    }
    const verdict = judge(op, outcome);
    if (verdict) this.fail(op, verdict.kind, verdict.error);
    return outcome;
  }

  private fail(op: FuzzOperation, kind: FailureKind, error: string): void {
    if (kind === 'internal error') this.tally.internalErrors += 1;
    if (kind === 'HTTP 5xx') this.tally.serverErrors += 1;
    if (kind === 'refused but changed data') this.tally.refusedChangedData += 1;
    this.tally.failures.push({ op, kind, error });
  }
}

function needsOwnSocket(op: FuzzOperation): boolean {
  if (op.auth !== 'admin' || op.rawPayload !== undefined || holdsRawJson(op.variables) || overMessageLimit(op)) return true;
  if (op.variables !== undefined && (typeof op.variables !== 'object' || Array.isArray(op.variables))) return true;
  try {
    // With the server's token limit: a document over it is refused at parse time too.
    parse(op.document, { maxTokens: QUERY_LIMITS.maxTokens });
    return false;
  } catch {
    return true;
  }
}

function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
