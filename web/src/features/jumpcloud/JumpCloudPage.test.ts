import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { graphqlError, graphqlFetch, mountScreen } from '../../app/testing';
import JumpCloudPage from './JumpCloudPage.vue';

enableAutoUnmount(afterEach);

type Wrapper = Awaited<ReturnType<typeof mountScreen>>['wrapper'];

const firstResult = {
  __typename: 'JumpCloudPollResult',
  startedAt: '2026-11-25T14:00:00.000Z',
  finishedAt: '2026-11-25T14:01:00.000Z',
  complete: true,
  organizationsListed: 12,
  countsRecorded: 10,
  countsFailed: 2,
  organizationsDeactivated: 1,
  failures: [
    { __typename: 'JumpCloudPollFailure', organizationId: 'org-acme', name: 'Acme Dental', message: 'JumpCloud answered 503 after 3 tries' },
    { __typename: 'JumpCloudPollFailure', organizationId: 'org-bolt', name: 'Bolt Legal', message: 'the organization is not associated with the provider (403)' },
  ],
};

function connection(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'JumpCloudConnection',
    id: 'jc1',
    providerId: 'prov-42',
    apiKeyLast4: 'k9z1',
    status: 'CONNECTED',
    lastError: null,
    lastPolledAt: '2026-11-25T14:00:00.000Z',
    polling: false,
    pollIntervalMinutes: 60,
    countedUserStates: ['ACTIVATED', 'STAGED'],
    excludedUserStates: ['SUSPENDED'],
    alertsPolledAt: '2026-11-25T14:05:00.000Z',
    alertsError: 'Directory Insights answered 429 for 1 organization',
    lastResult: firstResult,
    ...overrides,
  };
}

/** The connection the server holds; the handlers that a test does not replace keep it as the server would. */
function jumpCloudServer(initial: ReturnType<typeof connection> | null, handlers: Parameters<typeof graphqlFetch>[0] = {}) {
  const state = { current: initial };
  const server = graphqlFetch({
    JumpCloudPage: () => ({ data: { jumpCloudConnection: state.current } }),
    PollJumpCloudNow: () => ({ data: { pollJumpCloudNow: state.current } }),
    DisconnectJumpCloud: () => {
      state.current = null;
      return { data: { disconnectJumpCloud: true } };
    },
    ...handlers,
  });
  return { ...server, state };
}

function button(wrapper: Wrapper, text: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

function checkbox(wrapper: Wrapper, label: string) {
  const found = wrapper.findAll('label.check').find((l) => l.text().startsWith(label));
  if (!found) throw new Error(`No checkbox ${label}`);
  return found.get('input');
}

const operations = (requests: { operationName: string }[]) => requests.map((r) => r.operationName);

describe('JumpCloud screen', () => {
  it("connects with the provider id and key, showing the server's error on the field it names", async () => {
    const server = jumpCloudServer(null, {
      ConnectJumpCloud: () =>
        graphqlError("JumpCloud does not know provider id prov-x, or the key's administrator is not associated with it", {
          code: 'JUMPCLOUD_UNKNOWN_PROVIDER',
          field: 'providerId',
        }),
    });
    const { wrapper } = await mountScreen(JumpCloudPage, { fetch: server.fetch });

    expect(wrapper.get('h1').text()).toBe('JumpCloud');
    expect(wrapper.get('label[for="jc-providerId"]').text()).toContain('Provider id');
    expect(wrapper.get('input#jc-apiKey').attributes('type')).toBe('password');
    await wrapper.get('input#jc-providerId').setValue(' prov-x ');
    await wrapper.get('input#jc-apiKey').setValue('key-1234');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(server.requests.at(-1)).toMatchObject({
      operationName: 'ConnectJumpCloud',
      variables: { input: { providerId: 'prov-x', apiKey: 'key-1234' } },
    });
    const providerId = wrapper.get('input#jc-providerId');
    expect(wrapper.get('#jc-providerId-error').text()).toContain('JumpCloud does not know provider id prov-x');
    expect(providerId.attributes('aria-invalid')).toBe('true');
    expect(providerId.attributes('aria-describedby')).toContain('jc-providerId-error');
    expect(wrapper.find('#jc-apiKey-error').exists()).toBe(false);
    expect(document.activeElement).toBe(providerId.element);
    expect((wrapper.get('input#jc-apiKey').element as HTMLInputElement).value).toBe('key-1234');
  });

  it('opens the region fields when the server blames the Console API URL', async () => {
    const server = jumpCloudServer(null, {
      ConnectJumpCloud: () => graphqlError('baseUrl must be an https URL, e.g. https://console.eu.jumpcloud.com', { code: 'BAD_USER_INPUT', field: 'baseUrl' }),
    });
    const { wrapper } = await mountScreen(JumpCloudPage, { fetch: server.fetch });
    await wrapper.get('input#jc-providerId').setValue('prov-42');
    await wrapper.get('input#jc-apiKey').setValue('key-1234');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#jc-baseUrl-error').text()).toContain('BaseUrl must be an https URL');
    expect((wrapper.get('details').element as HTMLDetailsElement).open).toBe(true);
    expect(document.activeElement).toBe(wrapper.get('input#jc-baseUrl').element);
  });

  it("lists the last poll's counts and each organization it could not count, with the alert polling error", async () => {
    const server = jumpCloudServer(connection());
    const { wrapper } = await mountScreen(JumpCloudPage, { fetch: server.fetch });

    const status = wrapper.get('[aria-labelledby="jc-status-heading"]');
    expect(status.get('.badge').text()).toBe('Connected');
    expect(status.text()).toContain('prov-42');
    expect(status.text()).toContain('Activated, Staged');
    expect(status.text()).toContain('Every 60 minutes');
    expect(status.get('.alerts-error').text()).toBe('Directory Insights answered 429 for 1 organization');

    const poll = wrapper.get('[aria-labelledby="jc-poll-heading"]');
    expect(poll.get('[data-count="listed"]').text()).toBe('12');
    expect(poll.get('[data-count="recorded"]').text()).toBe('10');
    expect(poll.get('[data-count="failed"]').text()).toBe('2');
    expect(poll.get('[data-count="deactivated"]').text()).toBe('1');
    const failures = poll.findAll('.failures li');
    expect(failures).toHaveLength(2);
    expect(failures[0]!.text()).toContain('Acme Dental');
    expect(failures[0]!.text()).toContain('org-acme');
    expect(failures[0]!.text()).toContain('JumpCloud answered 503 after 3 tries');
    expect(failures[1]!.text()).toContain('Bolt Legal');
    expect(failures[1]!.text()).toContain('not associated with the provider (403)');
  });

  it('polls now: shows the poll running, re-reads every 2 s, then shows the new result and stops', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const server = jumpCloudServer(connection());
      const { wrapper } = await mountScreen(JumpCloudPage, { fetch: server.fetch });

      await button(wrapper, 'Poll now').trigger('click');
      await flushPromises();
      expect(operations(server.requests)).toContain('PollJumpCloudNow');
      const pollButton = () => wrapper.get('.page-head button');
      expect(pollButton().text()).toBe('Polling…');
      expect(pollButton().attributes('disabled')).toBeDefined();

      // The job starts: lastPolledAt moves on while it runs.
      server.state.current = connection({ polling: true, lastPolledAt: '2026-11-25T15:00:00.000Z' });
      await vi.advanceTimersByTimeAsync(2000);
      await flushPromises();
      const poll = () => wrapper.get('[aria-labelledby="jc-poll-heading"]');
      expect(poll().get('[role="status"]').text()).toBe('Polling…');
      expect(pollButton().attributes('disabled')).toBeDefined();

      // It finishes with every organization counted.
      server.state.current = connection({
        lastPolledAt: '2026-11-25T15:00:00.000Z',
        lastResult: { ...firstResult, startedAt: '2026-11-25T15:00:00.000Z', countsRecorded: 12, countsFailed: 0, organizationsDeactivated: 0, failures: [] },
      });
      await vi.advanceTimersByTimeAsync(2000);
      await flushPromises();
      expect(poll().get('[data-count="recorded"]').text()).toBe('12');
      expect(poll().get('[data-count="failed"]').text()).toBe('0');
      expect(poll().find('.failures').exists()).toBe(false);
      expect(poll().get('[role="status"]').text()).toBe('');
      expect(pollButton().text()).toBe('Poll now');
      expect(pollButton().attributes('disabled')).toBeUndefined();
      expect(wrapper.get('.notice-region').text()).toContain('Poll finished: 12 counts recorded, 0 organizations not counted.');

      const reads = operations(server.requests).filter((name) => name === 'JumpCloudPage').length;
      await vi.advanceTimersByTimeAsync(10_000);
      expect(operations(server.requests).filter((name) => name === 'JumpCloudPage').length).toBe(reads);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops re-reading when the admin leaves the screen during a poll', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const server = jumpCloudServer(connection({ polling: true }));
      const { wrapper } = await mountScreen(JumpCloudPage, { fetch: server.fetch });
      await vi.advanceTimersByTimeAsync(2000);
      await flushPromises();
      const reads = operations(server.requests).filter((name) => name === 'JumpCloudPage').length;
      expect(reads).toBeGreaterThanOrEqual(2);

      wrapper.unmount();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(operations(server.requests).filter((name) => name === 'JumpCloudPage').length).toBe(reads);
    } finally {
      vi.useRealTimers();
    }
  });

  it('saves the counted user states as the states excluded, and nothing else that did not change', async () => {
    const server = jumpCloudServer(connection(), {
      UpdateJumpCloudConnection: (request) => {
        const input = request.variables.input as { excludedUserStates: string[] };
        server.state.current = connection({ excludedUserStates: input.excludedUserStates, countedUserStates: ['ACTIVATED'] });
        return { data: { updateJumpCloudConnection: server.state.current } };
      },
    });
    const { wrapper } = await mountScreen(JumpCloudPage, { fetch: server.fetch });
    expect((checkbox(wrapper, 'Activated').element as HTMLInputElement).checked).toBe(true);
    expect((checkbox(wrapper, 'Staged').element as HTMLInputElement).checked).toBe(true);
    expect((checkbox(wrapper, 'Suspended').element as HTMLInputElement).checked).toBe(false);

    await checkbox(wrapper, 'Staged').setValue(false);
    await button(wrapper, 'Save settings').trigger('click');
    await flushPromises();

    const update = server.requests.find((r) => r.operationName === 'UpdateJumpCloudConnection');
    expect(update?.variables).toEqual({ input: { excludedUserStates: ['STAGED', 'SUSPENDED'] } });
    expect(wrapper.get('[aria-labelledby="jc-status-heading"]').text()).toContain('Counted users');
    expect(wrapper.get('.notice-region').text()).toContain('Settings saved. A poll has been queued with them.');
    expect((checkbox(wrapper, 'Staged').element as HTMLInputElement).checked).toBe(false);
  });

  it('refuses counting no state and a poll interval outside 5 to 1440 minutes before asking the server', async () => {
    const server = jumpCloudServer(connection());
    const { wrapper } = await mountScreen(JumpCloudPage, { fetch: server.fetch });
    await checkbox(wrapper, 'Activated').setValue(false);
    await checkbox(wrapper, 'Staged').setValue(false);
    await wrapper.get('input#jc-pollInterval').setValue('2');
    await button(wrapper, 'Save settings').trigger('click');
    await flushPromises();

    expect(wrapper.get('#jc-states-error').text()).toBe('Choose at least one user state to count.');
    expect(wrapper.get('#jc-pollInterval-error').text()).toBe('Enter a whole number of minutes from 5 to 1440.');
    expect(wrapper.get('input#jc-pollInterval').attributes('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(checkbox(wrapper, 'Activated').element);
    expect(operations(server.requests)).not.toContain('UpdateJumpCloudConnection');
  });

  it("shows a rejected new key on the key field, as the server's error", async () => {
    const server = jumpCloudServer(connection(), {
      UpdateJumpCloudConnection: () =>
        graphqlError('JumpCloud rejected the API key (401)', { code: 'JUMPCLOUD_KEY_REJECTED', field: 'apiKey' }),
    });
    const { wrapper } = await mountScreen(JumpCloudPage, { fetch: server.fetch });
    await wrapper.get('input#jc-newApiKey').setValue('new-key');
    await wrapper.get('input#jc-pollInterval').setValue('30');
    await button(wrapper, 'Save settings').trigger('click');
    await flushPromises();

    expect(server.requests.at(-1)?.variables).toEqual({ input: { apiKey: 'new-key', pollIntervalMinutes: 30 } });
    expect(wrapper.get('#jc-newApiKey-error').text()).toContain('JumpCloud rejected the API key (401)');
    expect(document.activeElement).toBe(wrapper.get('input#jc-newApiKey').element);
  });

  it('disconnects only after the confirm dialog, then offers to connect again', async () => {
    const server = jumpCloudServer(connection());
    const { wrapper } = await mountScreen(JumpCloudPage, { fetch: server.fetch });

    await button(wrapper, 'Disconnect…').trigger('click');
    await flushPromises();
    const dialog = wrapper.get('dialog');
    expect(dialog.get('h2').text()).toBe('Disconnect JumpCloud?');
    expect(document.activeElement).toBe(button(wrapper, 'Cancel').element);
    await button(wrapper, 'Cancel').trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog').exists()).toBe(false);
    expect(operations(server.requests)).not.toContain('DisconnectJumpCloud');

    await button(wrapper, 'Disconnect…').trigger('click');
    await flushPromises();
    await button(wrapper, 'Disconnect').trigger('click');
    await flushPromises();

    expect(operations(server.requests)).toContain('DisconnectJumpCloud');
    expect(wrapper.find('dialog').exists()).toBe(false);
    expect(wrapper.get('h2#jc-connect-heading').text()).toBe('Connect JumpCloud');
    expect(document.activeElement).toBe(wrapper.get('h2#jc-connect-heading').element);
    expect(wrapper.get('.notice-region').text()).toContain('JumpCloud has been disconnected');
  });
});
