import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chooseOption,
  fakeSubscriptionSource,
  graphqlError,
  graphqlFetch,
  mountScreen,
  type GraphqlRequest,
} from '../../app/testing';
import TicketingPage from './TicketingPage.vue';

enableAutoUnmount(afterEach);

const catalogue = [
  { id: 'DISK_ENCRYPTION_KEY_DECRYPTED', name: 'Disk Encryption Key Decrypted', description: 'A key was viewed.', category: 'Device' },
  { id: 'USER_ADMIN_ACCESS_GRANTED', name: 'User Admin Access Granted', description: 'Admin rights given.', category: 'User' },
  { id: 'USER_LOCKOUT', name: 'User Lockout', description: 'Locked out.', category: 'User' },
  { id: 'USER_PASSWORD_EXPIRED', name: 'User Password Expired', description: 'Password expired.', category: 'User' },
];
const priorities = [
  { id: 8, name: 'Priority 2 - Quick Response', isDefault: false },
  { id: 9, name: 'Priority 3 - Normal Response', isDefault: true },
];
const sources = [{ id: 12, name: 'Monitoring', isDefault: false }];

function event(id: string, status: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    alert: { id: 'USER_LOCKOUT', name: 'User Lockout' },
    subject: 'jdoe@acme.com',
    occurredAt: '2026-11-25T14:00:00.000Z',
    status,
    ticketId: null,
    ticketedAt: null,
    error: null,
    notTicketedReason: null,
    attempts: 1,
    nextAttemptAt: null,
    organization: { id: 'o1', name: 'Acme, Inc.' },
    ...extra,
  };
}

function ticketingServer(options: { save?: () => ReturnType<typeof graphqlError> } = {}) {
  let automated = false;
  const saved = new Map<string, Record<string, unknown>>();
  const view = () => ({
    automatedTicketing: automated,
    updatedAt: null,
    alerts: catalogue.map((alert) => {
      const s = saved.get(alert.id);
      return {
        alert,
        createTickets: (s?.createTickets as boolean) ?? false,
        dueDays: (s?.dueDays as number) ?? 1,
        priority: priorities.find((p) => p.id === s?.priorityId) ?? null,
        source: sources.find((p) => p.id === s?.sourceId) ?? null,
        recurrence: 'ONE_TICKET_PER_EVENT',
        updatedAt: null,
      };
    }),
  });
  return graphqlFetch({
    TicketingSettings: () => ({ data: { connectWiseIntegration: { id: 'i1' }, ticketingSettings: view() } }),
    SetAutomatedTicketing: (request: GraphqlRequest) => {
      automated = request.variables.enabled as boolean;
      return { data: { setAutomatedTicketing: { automatedTicketing: automated, updatedAt: '2026-11-25T14:00:00.000Z' } } };
    },
    AlertTicketOptions: () => ({ data: { alertTicketOptions: { maxDueDays: 365, priorities, sources } } }),
    SaveAlertSetting: (request: GraphqlRequest) => {
      if (options.save) return options.save();
      for (const setting of request.variables.settings as Record<string, unknown>[]) saved.set(setting.alertType as string, setting);
      return { data: { saveAlertSettings: view() } };
    },
    AlertEvents: () => ({
      data: {
        alertEvents: {
          totalCount: 2,
          hasNextPage: false,
          endCursor: null,
          nodes: [
            event('e2', 'TICKETED', { ticketId: 4711 }),
            event('e1', 'NOT_TICKETED', { notTicketedReason: 'AUTOMATED_TICKETING_OFF' }),
          ],
        },
      },
    }),
    RetryAlert: () => ({ data: { retryAlert: { id: 'e3', status: 'PENDING', attempts: 0, nextAttemptAt: null, error: null } } }),
  });
}

async function mountTicketing(server = ticketingServer()) {
  const subscription = fakeSubscriptionSource();
  const mounted = await mountScreen(TicketingPage, { fetch: server.fetch, subscription });
  return { ...mounted, server, subscription };
}

describe('ticketing screen', () => {
  it('shows the Automated Ticketing switch and the four alerts with their settings', async () => {
    const { wrapper } = await mountTicketing();
    const toggle = wrapper.get('button[role="switch"]');
    expect(toggle.attributes('aria-checked')).toBe('false');
    expect(toggle.attributes('aria-labelledby')).toBe('automated-heading');
    const rows = wrapper.findAll('table.alerts tbody tr');
    expect(rows.map((r) => r.get('th').text())).toEqual(catalogue.map((a) => `${a.name} ${a.description}`));
    expect(rows[2]!.text()).toContain('Off');
    expect(rows[2]!.text()).toContain('None');
  });

  it('turns automated ticketing on', async () => {
    const { wrapper, server } = await mountTicketing();
    await wrapper.get('button[role="switch"]').trigger('click');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'SetAutomatedTicketing')?.variables).toEqual({ enabled: true });
    expect(wrapper.get('button[role="switch"]').attributes('aria-checked')).toBe('true');
    expect(wrapper.get('.notice-region').text()).toContain('Automated ticketing is on');
  });

  it('edits one alert: ticketing on, priority, source and due days', async () => {
    const { wrapper, server } = await mountTicketing();
    await wrapper.get('button[aria-label="Edit User Lockout"]').trigger('click');
    await flushPromises();

    const dialog = wrapper.get('dialog');
    expect(dialog.get('h2').text()).toBe('Edit alert: User Lockout');
    await dialog.get('input[role="switch"]').setValue(true);
    await chooseOption(dialog.get('select#alert-priority'), 8);
    await chooseOption(dialog.get('select#alert-source'), 12);
    await dialog.get('input#alert-due-days').setValue('3');
    await dialog.get('form').trigger('submit');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'SaveAlertSetting')?.variables).toEqual({
      settings: [{ alertType: 'USER_LOCKOUT', createTickets: true, priorityId: 8, sourceId: 12, dueDays: 3 }],
    });
    expect(wrapper.find('dialog').exists()).toBe(false);
    expect(wrapper.get('.notice-region').text()).toContain('User Lockout settings have been saved');
    const row = wrapper.get('[data-alert-row="USER_LOCKOUT"]');
    expect(row.text()).toContain('Priority 2 - Quick Response');
    expect(row.text()).toContain('Monitoring');
    expect(row.get('td.num').text()).toBe('3');
  });

  it('checks the due days before saving, and shows the server’s error next to its field', async () => {
    const server = ticketingServer({
      save: () => graphqlError('ConnectWise has no priority 8 (User Lockout)', { code: 'BAD_USER_INPUT', field: 'priorityId' }),
    });
    const { wrapper } = await mountTicketing(server);
    await wrapper.get('button[aria-label="Edit User Lockout"]').trigger('click');
    await flushPromises();
    const dialog = wrapper.get('dialog');

    await dialog.get('input#alert-due-days').setValue('400');
    await dialog.get('form').trigger('submit');
    await flushPromises();
    expect(dialog.get('#alert-due-days-error').text()).toBe('Enter a whole number of days from 0 to 365.');
    expect(document.activeElement).toBe(dialog.get('input#alert-due-days').element);

    await dialog.get('input#alert-due-days').setValue('2');
    await chooseOption(dialog.get('select#alert-priority'), 8);
    await dialog.get('form').trigger('submit');
    await flushPromises();
    expect(dialog.get('#alert-priority-error').text()).toContain('ConnectWise has no priority 8 (User Lockout).');
    expect(document.activeElement).toBe(dialog.get('select#alert-priority').element);
  });

  it('lists recent alerts with their ticket status and follows them live', async () => {
    const { wrapper, subscription } = await mountTicketing();
    const rows = () => wrapper.findAll('table.events tbody tr');
    expect(rows()).toHaveLength(2);
    expect(rows()[0]!.text()).toContain('Ticket #4711');
    expect(rows()[1]!.text()).toContain('Not ticketed');
    expect(rows()[1]!.text()).toContain('automated ticketing is off');

    subscription.push({ alertEventUpdated: event('e3', 'FAILED', { error: 'ConnectWise unavailable', subject: 'mac-01' }) });
    await flushPromises();
    expect(rows()).toHaveLength(3);
    expect(rows()[0]!.text()).toContain('Failed');
    expect(rows()[0]!.text()).toContain('ConnectWise unavailable');

    await rows()[0]!.get('button').trigger('click');
    await flushPromises();
    expect(rows()[0]!.text()).toContain('Pending');
  });
});
