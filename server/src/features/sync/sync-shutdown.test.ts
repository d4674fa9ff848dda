import { describe, expect, it } from 'vitest';
import { connectToSimulator } from '../../../test-support/connectwise-app.js';
import { useServerProcesses } from '../../../test-support/server-processes.js';
import { finishedRun, mappedOrganizations, RUN_FIELDS } from '../../../test-support/sync-fixtures.js';
import { waitFor } from '../../../test-support/ticketing-fixtures.js';
import { AGENDA_JOBS_COLLECTION } from '../../jobs/agenda.js';
import { SYNC_RUN_JOB } from './sync.service.js';

// A lock far longer than the test: the next worker may take the run only because it was handed back,
// never because the stopped worker's lock lapsed.
const bed = useServerProcesses({ companies: 30, agreementsPerCompany: 1, additionsPerAgreement: 2 }, { runLockMs: 10 * 60_000 });

async function count(sql: string, params: unknown[]): Promise<number> {
  const [row] = await bed.t.app.orm.em.fork().execute<{ n: string }[]>(sql, params);
  return Number(row!.n);
}

describe('a sync run when its server stops', () => {
  it('is handed back at a graceful stop and finished by the next start, each organization written once', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const orgs = await mappedOrganizations(bed, token, Array.from({ length: 50 }, (_, i) => 20 + i));
    const results = (runId: string) => count('select count(*) as n from sync_results where run_id = ?', [runId]);
    // Every organization waits 2 s on ConnectWise: when the first results are recorded the run's workers
    // have taken 40 of the 50, and the stop comes before the others are started.
    const slow = bed.sim.addFault({ method: 'GET', path: 'finance/agreements/*/additions/*', type: 'latency', ms: 2_000 });
    try {
      const first = await bed.worker();
      const started = await bed.t.graphql<{ syncNow: { id: string } }>(`mutation { syncNow { ${RUN_FIELDS} } }`, {}, token);
      const runId = started.data!.syncNow.id;
      await waitFor(async () => (await results(runId)) > 0, 'the first results', 30_000);

      const stopping = Date.now();
      await first.stop();
      expect(Date.now() - stopping).toBeLessThan(6_000);
      const [run] = await bed.t.app.orm.em.fork().execute<{ status: string; heartbeat_at: Date | null }[]>('select status, heartbeat_at from sync_runs where id = ?', [runId]);
      expect(run).toEqual({ status: 'queued', heartbeat_at: null });
      // The organizations in flight were finished and recorded; the rest wait for the next start.
      const before = await results(runId);
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(orgs.length);
      const job = await bed.t.app.mongo.db().collection(AGENDA_JOBS_COLLECTION).findOne({ name: SYNC_RUN_JOB, 'data.runId': runId });
      expect(job).toMatchObject({ lockedAt: null, nextRunAt: expect.any(Date) });
      bed.sim.removeFault(slow);

      await bed.worker();
      const finished = await finishedRun<{ status: string; total: number; updated: number; unchanged: number; attempts: number }>(bed, token, runId, 30_000);
      expect(finished).toMatchObject({ status: 'SUCCEEDED', total: 50, updated: 50, unchanged: 0, attempts: 2 });
      expect(await results(runId)).toBe(50);
      const additions = new Set(orgs.map((org) => org.additionId));
      const patches = bed.sim.patches.filter((patch) => additions.has(patch.additionId));
      expect(patches).toHaveLength(50);
      expect(new Set(patches.map((patch) => patch.additionId)).size).toBe(50);
    } finally {
      bed.sim.removeFault(slow);
    }
  });
});
