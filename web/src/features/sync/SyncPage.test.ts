import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred, fakeSubscriptionSource, graphqlError, graphqlFetch, mountScreen, type GraphqlRequest } from '../../app/testing';
import { change } from './sync-format';
import SyncPage from './SyncPage.vue';

enableAutoUnmount(afterEach);

function run(overrides: Record<string, unknown> = {}) {
  return {
    id: 'r1',
    trigger: 'SCHEDULE',
    month: '2026-11',
    status: 'SUCCEEDED',
    total: 2,
    updated: 1,
    unchanged: 1,
    skipped: 0,
    failed: 0,
    createdAt: '2026-11-24T17:00:00.000Z',
    startedAt: '2026-11-24T17:00:01.000Z',
    finishedAt: '2026-11-24T17:00:05.000Z',
    ...overrides,
  };
}

const acmeResult = {
  id: 'res1',
  organizationName: 'Acme, Inc.',
  outcome: 'UPDATED',
  previousQuantity: 10,
  newQuantity: 42,
  previousUnitCost: 8,
  newUnitCost: 8.5,
  reason: null,
  drift: null,
  errorKind: null,
};

/** The server's view of the runs; `current` is what syncRun(id) answers for the new manual run. */
function syncServer(options: { syncNow?: () => ReturnType<typeof graphqlError> } = {}) {
  const state = {
    manual: null as ReturnType<typeof run> | null,
    results: [] as (typeof acmeResult)[],
    /** Set once a run has written Acme's 42: the preview then finds nothing to change. */
    written: false,
    /** When set, the next preview waits for it (to see the screen while it reads ConnectWise). */
    previewGate: null as Promise<void> | null,
  };
  const server = graphqlFetch({
    SyncRuns: () => ({
      data: {
        connectWiseIntegration: { id: 'i1' },
        syncRuns: { totalCount: 1, hasNextPage: false, endCursor: null, nodes: [run()] },
      },
    }),
    SyncRunDetails: (request: GraphqlRequest) => {
      const id = request.variables.id as string;
      const current = id === 'r2' && state.manual ? state.manual : run();
      const results = id === 'r2' ? state.results : [acmeResult, { ...acmeResult, id: 'res2', organizationName: 'Blue Harbor Dental', outcome: 'UNCHANGED', previousQuantity: 15, newQuantity: 15, previousUnitCost: 8.5, newUnitCost: 8.5 }];
      const outcome = request.variables.outcome as string | undefined;
      const nodes = results.filter((r) => !outcome || r.outcome === outcome);
      return {
        data: {
          syncRun: { ...current, error: null, requestedBy: null, results: { totalCount: nodes.length, hasNextPage: false, nodes } },
        },
      };
    },
    SyncNow: () => {
      if (options.syncNow) return options.syncNow();
      state.manual = run({ id: 'r2', trigger: 'MANUAL', status: 'QUEUED', total: 0, updated: 0, unchanged: 0, startedAt: null, finishedAt: null });
      return { data: { syncNow: state.manual } };
    },
    PreviewSync: async () => {
      // What ConnectWise held when the preview read it; the answer may arrive after a run wrote.
      const written = state.written;
      const gate = state.previewGate;
      state.previewGate = null;
      if (gate) await gate;
      return {
        data: {
          previewSync: [
            written
              ? { organizationId: 'o1', organizationName: 'Acme, Inc.', outcome: 'UNCHANGED', previousQuantity: 42, newQuantity: 42, previousUnitCost: 8.5, newUnitCost: 8.5, reason: null, drift: null }
              : { organizationId: 'o1', organizationName: 'Acme, Inc.', outcome: 'UPDATED', previousQuantity: 10, newQuantity: 42, previousUnitCost: 8.5, newUnitCost: 8.5, reason: null, drift: null },
            { organizationId: 'o2', organizationName: 'Blue Harbor Dental', outcome: 'SKIPPED', previousQuantity: 15, newQuantity: null, previousUnitCost: 8.5, newUnitCost: null, reason: 'no user count recorded this month', drift: null },
          ],
        },
      };
    },
  });
  return { ...server, state };
}

async function mountSync(server = syncServer()) {
  const subscription = fakeSubscriptionSource();
  const mounted = await mountScreen(SyncPage, { fetch: server.fetch, subscription });
  return { ...mounted, server, subscription };
}

function button(wrapper: Awaited<ReturnType<typeof mountScreen>>['wrapper'], text: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

describe('sync screen', () => {
  it('lists the runs and shows the newest with its per-organization results', async () => {
    const { wrapper } = await mountSync();
    const runs = wrapper.findAll('table.runs tbody tr');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.text()).toContain('Daily');
    expect(runs[0]!.text()).toContain('Succeeded');
    expect(runs[0]!.text()).toContain('2 / 2');

    const details = wrapper.get('[aria-labelledby="run-heading"]');
    expect(details.get('h2').text()).toContain('Sync of 2026-11');
    expect(details.get('#run-progress-label').text()).toBe('2 of 2 organizations');
    const results = details.findAll('table.results tbody tr');
    expect(results[0]!.text()).toContain('Acme, Inc.');
    expect(results[0]!.text()).toContain('Updated');
    expect(results[0]!.text()).toContain('10 → 42');
    expect(results[0]!.text()).toContain('8.00 → 8.50');
    expect(results[1]!.text()).toContain('Unchanged');
  });

  it('previews current against new without writing anything', async () => {
    const { wrapper, server } = await mountSync();
    await button(wrapper, 'Preview').trigger('click');
    await flushPromises();

    const preview = wrapper.get('[aria-labelledby="preview-heading"]');
    expect(preview.text()).toContain('2 mapped: 1 would update, 0 unchanged, 1 skipped, 0 would fail');
    const rows = preview.findAll('tbody tr');
    expect(rows[0]!.text()).toContain('Would update');
    expect(rows[0]!.text()).toContain('10 → 42');
    expect(rows[1]!.text()).toContain('no user count recorded this month');
    expect(server.requests.some((r) => r.operationName === 'SyncNow')).toBe(false);
  });

  it('reads the preview again when a run finishes, marking the old figures out of date meanwhile', async () => {
    const { wrapper, server, subscription } = await mountSync();
    await button(wrapper, 'Preview').trigger('click');
    await flushPromises();
    const preview = () => wrapper.get('[aria-labelledby="preview-heading"]');
    expect(preview().findAll('tbody tr')[0]!.text()).toContain('Would update');

    await button(wrapper, 'Sync now').trigger('click');
    await flushPromises();
    server.state.manual = run({ id: 'r2', trigger: 'MANUAL', status: 'RUNNING', total: 1, updated: 0, unchanged: 0, finishedAt: null });
    subscription.push({ syncRunUpdated: { run: server.state.manual } });
    await flushPromises();
    // Progress alone does not re-read ConnectWise.
    expect(server.requests.filter((r) => r.operationName === 'PreviewSync')).toHaveLength(1);

    const gate = deferred<void>();
    server.state.previewGate = gate.promise;
    server.state.written = true;
    server.state.manual = run({ id: 'r2', trigger: 'MANUAL', status: 'SUCCEEDED', total: 1, updated: 1, unchanged: 0 });
    subscription.push({ syncRunUpdated: { run: server.state.manual } });
    await flushPromises();
    expect(server.requests.filter((r) => r.operationName === 'PreviewSync')).toHaveLength(2);
    expect(preview().get('.stale').text()).toContain('A sync has finished since this preview');

    gate.resolve();
    await flushPromises();
    const rows = preview().findAll('tbody tr');
    expect(rows[0]!.text()).toContain('Unchanged');
    expect(rows[0]!.text()).not.toContain('10 → 42');
    expect(preview().get('tbody').text()).not.toContain('Would update');
    expect(preview().find('.stale').exists()).toBe(false);

    // A repeat of the finished run's last update is not another finish.
    subscription.push({ syncRunUpdated: { run: server.state.manual } });
    await flushPromises();
    expect(server.requests.filter((r) => r.operationName === 'PreviewSync')).toHaveLength(2);
  });

  it('reads the preview again when a run finishes while it is being read', async () => {
    const { wrapper, server, subscription } = await mountSync();
    const gate = deferred<void>();
    server.state.previewGate = gate.promise;
    await button(wrapper, 'Preview').trigger('click');
    await flushPromises();

    server.state.written = true;
    subscription.push({ syncRunUpdated: { run: run({ id: 'r3', status: 'SUCCEEDED' }) } });
    await flushPromises();
    gate.resolve();
    await flushPromises();

    expect(server.requests.filter((r) => r.operationName === 'PreviewSync')).toHaveLength(2);
    expect(wrapper.get('[aria-labelledby="preview-heading"] tbody tr').text()).toContain('Unchanged');
  });

  it('does not read a preview nobody asked for when a run finishes', async () => {
    const { server, subscription } = await mountSync();
    subscription.push({ syncRunUpdated: { run: run({ id: 'r3', status: 'SUCCEEDED' }) } });
    await flushPromises();
    expect(server.requests.some((r) => r.operationName === 'PreviewSync')).toBe(false);
  });

  it('starts a sync and follows it live to the end', async () => {
    const { wrapper, server, subscription } = await mountSync();
    await button(wrapper, 'Sync now').trigger('click');
    await flushPromises();

    expect(wrapper.get('.notice-region').text()).toContain('Sync started');
    const details = () => wrapper.get('[aria-labelledby="run-heading"]');
    expect(details().get('[role="status"]').text()).toBe('Queued');
    expect(details().text()).toContain('Results appear here as each organization is synced.');

    server.state.manual = run({ id: 'r2', trigger: 'MANUAL', status: 'RUNNING', total: 1, updated: 0, unchanged: 0, finishedAt: null });
    subscription.push({ syncRunUpdated: { run: server.state.manual } });
    await flushPromises();
    expect(details().get('[role="status"]').text()).toBe('Running');
    expect(details().get('#run-progress-label').text()).toBe('0 of 1 organization');

    server.state.manual = run({ id: 'r2', trigger: 'MANUAL', status: 'SUCCEEDED', total: 1, updated: 1, unchanged: 0 });
    server.state.results = [acmeResult];
    subscription.push({ syncRunUpdated: { run: server.state.manual } });
    await flushPromises();
    expect(details().get('[role="status"]').text()).toBe('Succeeded');
    expect(details().get('#run-progress-label').text()).toBe('1 of 1 organization');
    expect(details().get('table.results').text()).toContain('10 → 42');
    expect(wrapper.findAll('table.runs tbody tr')[0]!.text()).toContain('Sync now');
  });

  it('says a new run started even when its first live update beats the answer', async () => {
    const server = syncServer();
    const { wrapper, subscription } = await mountSync(server);
    const original = server.fetch.getMockImplementation()!;
    server.fetch.mockImplementation(async (input, init) => {
      const response = await original(input, init);
      if (String(init?.body).includes('SyncNow')) subscription.push({ syncRunUpdated: { run: server.state.manual } });
      return response;
    });

    await button(wrapper, 'Sync now').trigger('click');
    await flushPromises();
    expect(wrapper.get('.notice-region').text()).toContain('Sync started');
  });

  it("shows why a sync could not start", async () => {
    const server = syncServer({
      syncNow: () => graphqlError('ConnectWise unavailable: 503', { code: 'CONNECTWISE_UNAVAILABLE' }),
    });
    const { wrapper } = await mountSync(server);
    await button(wrapper, 'Sync now').trigger('click');
    await flushPromises();
    expect(wrapper.get('#sync-now-error').text()).toContain('ConnectWise Manage is not answering right now');
  });
});

describe('sync wording', () => {
  it('writes a change as current → new', () => {
    expect(change(10, 42)).toBe('10 → 42');
    expect(change(42, 42)).toBe('42');
    expect(change(null, null)).toBe('—');
    expect(change(8, 8.5, true)).toBe('8.00 → 8.50');
  });
});
