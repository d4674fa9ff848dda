/**
 * pnpm --filter server bench:alerts [--events 5000] [--orgs 500] [--rate 20] [--latency-ms 25]
 *                                   [--rpm 1000] [--process-every-ms 1000] [--concurrency 10]
 *                                   [--repeat-ratio 0] [--repeat-spread-s 60]
 *
 * Alert events → ConnectWise tickets, end to end: the real app (its own PostgreSQL database, FerretDB,
 * Agenda processing jobs) against the ConnectWise simulator answering every request after `latency-ms`.
 * `orgs` mapped organizations, every alert type on; `events` alerts sent one per reportAlerts call at a
 * steady `rate` per second, round-robin over the organizations. Prints event-to-ticket latency (from
 * just before the call to the ticket being recorded) p50/p99/max, and throughput.
 * Goal: p99 < 5 s at 20 events/s.
 *
 * `rpm` is the ConnectWise client's requests-per-minute limit (production default 1,000, ConnectWise's
 * documented throttle): a ticket costs one request, so above ~16 events/s the limit, not highwater,
 * sets the pace. `process-every-ms` is Agenda's polling interval (production default 1,000 ms).
 *
 * `repeat-ratio` R: that share of events repeat an incident already opened (same organization, alert
 * type and subject), NOTE_ON_OPEN_TICKET on every alert type. A repeat picks one of the incidents
 * opened in the last `repeat-spread-s` seconds, uniformly (a lockout repeats while the user keeps
 * trying; a seeded generator, so runs are comparable). Repeats become coalesced notes (at most one per
 * incident a minute, after reading the ticket), so the figures to watch are tickets = incidents, notes,
 * requests per event, and whether the work keeps up (drain time after the last event is sent).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createApp, type AppConfig } from '../src/app.js';
import { createTemporaryDatabase, LOCAL_POSTGRES_URL } from '../src/db/databases.js';
import { startFerretDb } from '../src/embedded/ferretdb.js';
import { AuthService } from '../src/features/auth/auth.service.js';
import { Role } from '../src/features/auth/roles.js';
import { Mapping } from '../src/features/mappings/mapping.entity.js';
import { createLogger } from '../src/shared/logger.js';
import { startConnectWiseSimulator } from '../test-support/connectwise-sim/index.js';
import { graphqlAs, mb, median, trackPeakRss } from './harness.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    orgs: { type: 'string', default: '500' },
    rate: { type: 'string', default: '20' },
    'latency-ms': { type: 'string', default: '25' },
    rpm: { type: 'string', default: '1000' },
    'process-every-ms': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '10' },
    'repeat-ratio': { type: 'string', default: '0' },
    'repeat-spread-s': { type: 'string', default: '60' },
  },
});
const eventCount = Number(values.events);
const orgCount = Number(values.orgs);
const rate = Number(values.rate);
const latencyMs = Number(values['latency-ms']);
const rpm = Number(values.rpm);
const processEveryMs = Number(values['process-every-ms']);
const concurrency = Number(values.concurrency);
const repeatRatio = Number(values['repeat-ratio']);
const repeatSpreadMs = Number(values['repeat-spread-s']) * 1000;

const sim = await startConnectWiseSimulator({
  latencyMs,
  seed: { companies: orgCount, types: ['Customer'], agreementsPerCompany: 1, additionsPerAgreement: 1 },
});
const database = await createTemporaryDatabase('highwater_bench', process.env.BENCH_POSTGRES_URL ?? LOCAL_POSTGRES_URL);
const ferretDir = mkdtempSync(path.join(tmpdir(), 'highwater-bench-'));
const ferretdb = await startFerretDb(ferretDir, 'bench');
const config: AppConfig = {
  databaseUrl: database.url,
  mongodbUrl: ferretdb.url,
  secretKey: randomBytes(32),
  logger: createLogger('warn'),
  connectWise: { clientId: sim.clientId, ca: sim.ca, maxRequestsPerMinute: rpm },
  processJobs: true,
  jobsProcessEveryMs: processEveryMs,
  ticketing: { concurrency },
};
const app = await createApp(config);
const url = await app.listen(0);
const rss = trackPeakRss();
let cleaned: Promise<void> | undefined;
const cleanUp = () =>
  (cleaned ??= (async () => {
    // Every step, whatever the one before did: the temporary database and directory must go.
    const steps: [string, () => unknown][] = [
      ['app', () => app.stop()],
      ['FerretDB', () => ferretdb.stop()],
      ['FerretDB directory', () => rmSync(ferretDir, { recursive: true, force: true })],
      ['database', () => database.drop()],
      ['simulator', () => sim.close()],
    ];
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (error) {
        console.error(`clean-up of the ${what} failed:`, error);
      }
    }
  })());
// Interrupted (Ctrl-C, a timeout): still drop the temporary database and FerretDB directory.
// `on`, not `once`: tsx forwards the signal it gets too, and a second one must not kill the clean-up.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanUp().finally(() => process.exit(130)));

try {
  const { token, provider } = await new AuthService(app.orm.em.fork()).createProviderAdmin({ providerName: 'Bench MSP', email: 'bench@example.com', roles: [Role.BILLING] });
  const graphql = graphqlAs(url, token);

  // Set-up (not measured).
  await graphql('mutation($i: ConnectWiseIntegrationInput!) { verifyAndSaveConnectWiseIntegration(input: $i) { id } }', { i: sim.credentials });
  const { upsertOrganizations: orgs } = await graphql<{ upsertOrganizations: { id: string; externalId: string }[] }>(
    'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id externalId } }',
    { o: Array.from({ length: orgCount }, (_, i) => ({ externalId: `jc-${i}`, name: `Organization ${i}` })) },
  );
  // Mappings written directly: saveMappings would check 500 agreements and additions in ConnectWise
  // (two requests each) and spend the rate limit before the measurement starts.
  const em = app.orm.em.fork();
  orgs.forEach((org, i) => {
    const agreement = sim.data.agreements[i]!;
    const addition = sim.data.additions.find((candidate) => candidate.agreementId === agreement.id)!;
    em.create(Mapping, {
      provider: provider.id,
      organization: org.id,
      companyId: agreement.company.id,
      companyName: agreement.company.name,
      agreementId: agreement.id,
      agreementName: agreement.name,
      additionId: addition.id,
      additionName: addition.product.identifier ?? `addition ${addition.id}`,
    });
  });
  await em.flush();
  const options = await graphql<{ alertTicketOptions: { priorities: { id: number }[]; sources: { id: number }[] } }>(
    '{ alertTicketOptions { priorities { id } sources { id } } }',
  );
  await graphql('mutation { setAutomatedTicketing(enabled: true) { automatedTicketing } }');
  await graphql('mutation($s: [AlertSettingInput!]!) { saveAlertSettings(settings: $s) { automatedTicketing } }', {
    s: ['DISK_ENCRYPTION_KEY_DECRYPTED', 'USER_ADMIN_ACCESS_GRANTED', 'USER_LOCKOUT', 'USER_PASSWORD_EXPIRED'].map((alertType, i) => ({
      alertType,
      createTickets: true,
      priorityId: options.alertTicketOptions.priorities[i % 4]!.id,
      sourceId: options.alertTicketOptions.sources[0]!.id,
      dueDays: i,
      recurrence: 'NOTE_ON_OPEN_TICKET',
    })),
  });
  const alertTypes = ['USER_LOCKOUT', 'USER_PASSWORD_EXPIRED', 'USER_ADMIN_ACCESS_GRANTED', 'DISK_ENCRYPTION_KEY_DECRYPTED'];
  sim.reset();

  // Steady rate: event i leaves at start + i / rate, whatever the previous call is doing.
  const sentAt = new Map<string, number>();
  const calls: Promise<unknown>[] = [];
  const callMs: number[] = [];
  const started = Date.now();
  console.log(
    `sending ${eventCount} events at ${rate}/s to ${orgCount} organizations, ${(repeatRatio * 100).toFixed(0)} % repeats (ConnectWise latency ${latencyMs} ms, client limit ${rpm}/min)…`,
  );
  const random = seeded(20261205);
  const incidents: { at: number; externalOrgId: string; alertType: string; subject: string }[] = [];
  for (let i = 0; i < eventCount; i++) {
    const due = started + (i * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const externalEventId = `bench-${i}`;
    const recent = incidents.filter((incident) => incident.at >= Date.now() - repeatSpreadMs);
    let incident = recent.length > 0 && random() < repeatRatio ? recent[Math.floor(random() * recent.length)] : undefined;
    if (!incident) {
      incident = { at: Date.now(), externalOrgId: orgs[i % orgs.length]!.externalId, alertType: alertTypes[i % 4]!, subject: `user${i}@example.com` };
      incidents.push(incident);
    }
    sentAt.set(externalEventId, Date.now());
    const callStarted = performance.now();
    calls.push(
      graphql('mutation($a: [AlertInput!]!) { reportAlerts(alerts: $a) { accepted } }', {
        a: [{ externalEventId, alertType: incident.alertType, externalOrgId: incident.externalOrgId, occurredAt: new Date().toISOString(), subject: incident.subject, details: { n: i } }],
      }).then(() => callMs.push(performance.now() - callStarted)),
    );
  }
  await Promise.all(calls);
  const sendSeconds = (Date.now() - started) / 1000;

  // Wait for every event to be final, reporting progress.
  const db = app.orm.em.fork();
  let lastReport = Date.now();
  for (;;) {
    const [row] = await db.execute<{ open: string }[]>("select count(*) as open from alert_events where provider_id = ? and status in ('pending', 'note-pending')", [provider.id]);
    const open = Number(row?.open ?? 0);
    if (open === 0) break;
    if (Date.now() - lastReport > 10_000) {
      console.log(`  … ${open} events still pending`);
      lastReport = Date.now();
    }
    await sleep(200);
  }
  const rows = await db.execute<{ external_event_id: string; status: string; ticketed_at: Date | null }[]>(
    'select external_event_id, status, ticketed_at from alert_events where provider_id = ?',
    [provider.id],
  );
  const latencyOf = (status: string) =>
    rows
      .filter((row) => row.ticketed_at && row.status === status)
      .map((row) => new Date(row.ticketed_at!).getTime() - sentAt.get(row.external_event_id)!)
      .sort((a, b) => a - b);
  const latencies = rows
    .filter((row) => row.ticketed_at)
    .map((row) => new Date(row.ticketed_at!).getTime() - sentAt.get(row.external_event_id)!)
    .sort((a, b) => a - b);
  const [ticketLatencies, noteLatencies] = [latencyOf('ticketed'), latencyOf('noted')];
  const lastTicketAt = Math.max(...rows.filter((row) => row.ticketed_at).map((row) => new Date(row.ticketed_at!).getTime()));
  const totalSeconds = (lastTicketAt - started) / 1000;
  const byStatus = rows.reduce<Record<string, number>>((counts, row) => ({ ...counts, [row.status]: (counts[row.status] ?? 0) + 1 }), {});
  const perXRef = new Map<string, number>();
  for (const ticket of sim.tickets) if (ticket.externalXRef) perXRef.set(ticket.externalXRef, (perXRef.get(ticket.externalXRef) ?? 0) + 1);
  const percentile = (p: number, of = latencies) => of[Math.min(of.length - 1, Math.ceil((p / 100) * of.length) - 1)] ?? NaN;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

  console.log(`events sent                   ${eventCount} in ${sendSeconds.toFixed(1)} s (${(eventCount / sendSeconds).toFixed(1)}/s); reportAlerts median ${median(callMs).toFixed(0)} ms`);
  console.log(`outcome                       ${JSON.stringify(byStatus)}`);
  const [incidentRow] = await db.execute<{ n: string }[]>('select count(*) as n from incidents where provider_id = ?', [provider.id]);
  const notes = sim.data.tickets.flatMap((ticket) => sim.notesOf(ticket.id)).filter((note) => note.text.includes('highwater-note:'));
  const markers = notes.map((note) => /highwater-note:[^)\s]+/.exec(note.text)?.[0]);
  const requests = sim.requests.length;
  console.log(`event → ticket latency        p50 ${seconds(percentile(50, ticketLatencies))}, p99 ${seconds(percentile(99, ticketLatencies))} (goal < 5 s), max ${seconds(ticketLatencies.at(-1) ?? NaN)}`);
  if (noteLatencies.length > 0) {
    console.log(`repeat → note latency         p50 ${seconds(percentile(50, noteLatencies))}, p99 ${seconds(percentile(99, noteLatencies))}, max ${seconds(noteLatencies.at(-1) ?? NaN)} (coalescing: at most one note per incident a minute)`);
  }
  console.log(`event → ConnectWise latency   p99 ${seconds(percentile(99))} (every event: its ticket or its note)`);
  console.log(`throughput                    ${latencies.length} events in ConnectWise in ${totalSeconds.toFixed(1)} s; drained ${(totalSeconds - sendSeconds).toFixed(1)} s after the last event was sent`);
  console.log(`incidents / tickets created   ${Number(incidentRow?.n ?? 0)} / ${sim.requestsTo('POST', 'service/tickets').length} (POSTs); tickets with a duplicate externalXRef: ${[...perXRef.values()].filter((n) => n > 1).length}`);
  console.log(`notes added                   ${notes.length} for ${noteLatencies.length} repeats; duplicate notes: ${markers.length - new Set(markers).size}`);
  console.log(`ConnectWise requests          ${requests} = ${(requests / eventCount).toFixed(2)} per event, ${(requests / (totalSeconds / 60)).toFixed(0)}/min on average (cap ${rpm}/min)`);
  const arrivals = sim.requests.map((request) => request.atMs).sort((a, b) => a - b);
  let busiestMinute = 0;
  for (let first = 0, last = 0; last < arrivals.length; last++) {
    while (arrivals[last]! - arrivals[first]! >= 60_000) first++;
    busiestMinute = Math.max(busiestMinute, last - first + 1);
  }
  console.log(`  busiest minute              ${busiestMinute} requests (a backlog would hold it at the cap)`);
  const byRoute = new Map<string, number>();
  for (const request of sim.requests) {
    const route = `${request.method} ${request.route.replace(/\d+/g, ':id')}${request.query.conditions?.startsWith('id=') ? ' (batched read)' : ''}`;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
  }
  console.log(`  by route                    ${[...byRoute].map(([route, n]) => `${route} ${n}`).join(', ')}`);
  console.log(`peak RSS (bench + server + simulator) ${mb(rss.stop())}`);
} finally {
  await cleanUp();
}
/** Mulberry32: the same events every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// Agenda 6 leaves a lock-liveness timer (lockLifetime / 2, here 5 minutes) pending for every job run
// that finished; it would keep the process alive that long after the figures are printed.
process.exit(0);
