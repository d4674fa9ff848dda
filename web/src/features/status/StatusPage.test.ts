import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shallowRef } from 'vue';
import { fakeSubscriptionSource, graphqlFetch, jsonResponse, testClient } from '../../app/testing';
import StatusPage from './StatusPage.vue';

enableAutoUnmount(afterEach);

const notReady = {
  status: 'not-ready',
  checks: {
    postgres: { ok: true },
    mongodb: { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:27017' },
    migrations: { ok: false, pending: 2 },
  },
};
const ready = {
  status: 'ready',
  checks: { postgres: { ok: true }, mongodb: { ok: true }, migrations: { ok: true, pending: 0 } },
};

function mountStatusPage(options: { readyz?: Response[]; roles?: string[] } = {}) {
  const readyz = vi.fn<typeof fetch>(async () => options.readyz?.shift() ?? jsonResponse(ready));
  vi.stubGlobal('fetch', readyz);
  const server = graphqlFetch({
    StatusViewer: () => ({
      data: { viewer: { id: 'a1', email: 'ada@example.com', roles: options.roles ?? ['ADMIN'] } },
    }),
  });
  const subscription = fakeSubscriptionSource();
  const client = testClient({ fetch: server.fetch, subscription });
  const wrapper = mount(StatusPage, { global: { provide: { $urql: shallowRef(client) } } });
  return { wrapper, readyz, subscription };
}

function rowText(wrapper: ReturnType<typeof mount>, label: string): string {
  const row = wrapper.findAll('tbody tr').find((tr) => tr.get('th').text() === label);
  if (!row) throw new Error(`No readiness row for ${label}`);
  return row
    .findAll('td')
    .map((td) => td.text())
    .join(' | ');
}

describe('status page', () => {
  it("shows each readiness check with its result and the server's error", async () => {
    const { wrapper, readyz } = mountStatusPage({ readyz: [jsonResponse(notReady, 503)] });
    await flushPromises();

    expect(readyz).toHaveBeenCalledWith('/readyz', expect.anything());
    const card = wrapper.get('[aria-labelledby="readiness-heading"]');
    expect(card.text()).toContain('Not ready');
    expect(rowText(wrapper, 'PostgreSQL')).toBe('OK | ');
    expect(rowText(wrapper, 'MongoDB (job queue)')).toBe('Failed | connect ECONNREFUSED 127.0.0.1:27017');
    expect(rowText(wrapper, 'Database migrations')).toBe('Failed | 2 pending');
  });

  it('checks readiness again on refresh', async () => {
    const { wrapper, readyz } = mountStatusPage({
      readyz: [jsonResponse(notReady, 503), jsonResponse(ready)],
    });
    await flushPromises();
    expect(wrapper.text()).toContain('Not ready');

    await wrapper.get('button').trigger('click');
    await flushPromises();

    expect(readyz).toHaveBeenCalledTimes(2);
    expect(wrapper.get('.overall').text()).toBe('Ready');
    expect(rowText(wrapper, 'Database migrations')).toBe('OK | Up to date');
  });

  it('says so when readiness cannot be read', async () => {
    const { wrapper } = mountStatusPage({
      readyz: [new Response('<html>Bad gateway</html>', { status: 502 })],
    });
    await flushPromises();

    expect(wrapper.get('[aria-labelledby="readiness-heading"] [role="alert"]').text()).toBe(
      'Could not check readiness: The server answered 502 without a readiness report.',
    );
  });

  it('shows the server time ticking and the live connection state', async () => {
    const { wrapper, subscription } = mountStatusPage();
    const card = () => wrapper.get('[aria-labelledby="server-time-heading"]');
    await flushPromises();
    expect(card().get('[role="status"]').text()).toBe('Connecting…');

    subscription.push({ serverTime: '2025-11-25T13:52:07.000Z' });
    await flushPromises();
    expect(card().get('time').text()).toBe('13:52:07');
    expect(card().get('time').attributes('datetime')).toBe('2025-11-25T13:52:07.000Z');
    expect(card().text()).toContain('2025-11-25 UTC');
    expect(card().get('[role="status"]').text()).toBe('Live');

    subscription.push({ serverTime: '2025-11-25T13:52:08.000Z' });
    await flushPromises();
    expect(card().get('time').text()).toBe('13:52:08');
  });

  it('shows a connection error and reconnects on request', async () => {
    const { wrapper, subscription } = mountStatusPage();
    const card = () => wrapper.get('[aria-labelledby="server-time-heading"]');
    await flushPromises();
    subscription.push({ serverTime: '2025-11-25T13:52:07.000Z' });
    await flushPromises();

    subscription.fail(new Error('The live connection closed (code 4403: Forbidden)'));
    await flushPromises();
    expect(card().get('[role="status"]').text()).toBe('Error');
    expect(card().get('[role="alert"]').text()).toContain(
      'The live connection closed (code 4403: Forbidden)',
    );

    await card().get('[role="alert"] button').trigger('click');
    await flushPromises();
    expect(subscription.subscribeCount).toBe(2);
    expect(card().get('[role="status"]').text()).toBe('Reconnecting…');

    subscription.push({ serverTime: '2025-11-25T13:52:20.000Z' });
    await flushPromises();
    expect(card().get('[role="status"]').text()).toBe('Live');
    expect(card().get('time').text()).toBe('13:52:20');
  });

  it('says it is reconnecting when ticks stop arriving', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const { wrapper, subscription } = mountStatusPage();
      await flushPromises();
      subscription.push({ serverTime: '2025-11-25T13:52:07.000Z' });
      await flushPromises();
      const badge = () => wrapper.get('[aria-labelledby="server-time-heading"] [role="status"]');
      expect(badge().text()).toBe('Live');

      await vi.advanceTimersByTimeAsync(6000);
      expect(badge().text()).toBe('Reconnecting…');
    } finally {
      vi.useRealTimers();
    }
  });

  it("lists the viewer's roles", async () => {
    const { wrapper } = mountStatusPage({ roles: ['ADMIN', 'BILLING'] });
    await flushPromises();

    const roles = wrapper.get('[aria-labelledby="roles-heading"]').findAll('li');
    expect(roles.map((li) => li.text())).toEqual(['ADMIN', 'BILLING']);
  });
});
