/**
 * pnpm --filter server bench:usage [--orgs 10000] [--samples 100]
 * Sends orgs × samples user counts through recordUserCounts (over HTTP, 10,000 per call, one sample per
 * organization per call as an hourly poll would), then reads every current high watermark.
 * Goals: ≥ 10,000 samples/s on this 2-core machine; reading 10,000 watermarks < 200 ms.
 */
import { parseArgs } from 'node:util';
import { monthOf } from '../src/shared/billing-month.js';
import { mb, median, startBenchApp, trackPeakRss } from './harness.js';

const { values } = parseArgs({ options: { orgs: { type: 'string', default: '10000' }, samples: { type: 'string', default: '100' } } });
const orgCount = Number(values.orgs);
const samplesPerOrg = Number(values.samples);
const BATCH = 10_000;

const bench = await startBenchApp();
const rss = trackPeakRss();
try {
  const ids: string[] = [];
  for (let start = 0; start < orgCount; start += BATCH) {
    const orgs = Array.from({ length: Math.min(BATCH, orgCount - start) }, (_, i) => ({
      externalId: `org-${start + i}`,
      name: `Organization ${start + i}`,
      costPerSeat: 8.5,
    }));
    const data = await bench.graphql<{ upsertOrganizations: { id: string }[] }>(
      'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }',
      { o: orgs },
    );
    ids.push(...data.upsertOrganizations.map((org) => org.id));
  }

  const base = Date.now() - samplesPerOrg * 60_000;
  const total = ids.length * samplesPerOrg;
  // Built a batch at a time, so the bench's own memory stays small next to the server's.
  const batchAt = (offset: number) =>
    Array.from({ length: Math.min(BATCH, total - offset) }, (_, k) => {
      const n = offset + k;
      const round = Math.floor(n / ids.length);
      const i = n % ids.length;
      return { organizationId: ids[i], count: (i + round * 7) % 500, observedAt: new Date(base + round * 60_000).toISOString() };
    });
  const batchSeconds: number[] = [];
  const started = performance.now();
  for (let offset = 0; offset < total; offset += BATCH) {
    const batch = batchAt(offset);
    const batchStarted = performance.now();
    await bench.graphql('mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }', { c: batch });
    batchSeconds.push((performance.now() - batchStarted) / 1000);
  }
  const seconds = (performance.now() - started) / 1000;

  const month = monthOf(new Date(), 'America/New_York');
  const reads: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const readStarted = performance.now();
    const result = await bench.app.orm.em
      .fork()
      .execute('select organization_id, high_watermark from monthly_watermarks where provider_id = ? and month = ?', [bench.providerId, month]);
    reads.push(performance.now() - readStarted);
    rows = result.length;
  }

  console.log(`organizations                 ${orgCount}`);
  console.log(`samples recorded              ${total} in ${seconds.toFixed(1)} s`);
  console.log(`throughput                    ${Math.round(total / seconds)} samples/s (goal ≥ 10000)`);
  console.log(`per 10,000-sample call        median ${median(batchSeconds).toFixed(2)} s`);
  console.log(`read all current watermarks   ${rows} rows, median of 5: ${median(reads).toFixed(1)} ms (goal < 200)`);
  console.log(`peak RSS (bench + server)     ${mb(rss.stop())}`);
} finally {
  await bench.stop();
}
