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
const boards = [
  { id: 1, name: 'Service Desk' },
  { id: 2, name: 'Security Alerts' },
];
const securityBoard = {
  boardId: 2,
  statuses: [
    { id: 21, name: 'New', closed: false, isDefault: true },
    { id: 22, name: 'Investigating', closed: false, isDefault: false },
    { id: 25, name: 'Resolved - Auto', closed: true, isDefault: false },
  ],
  types: [{ id: 31, name: 'Security Alert' }],
  subTypes: [{ id: 41, name: 'Identity' }],
  items: [{ id: 51, name: 'Account' }],
};

function incident(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    alert: { id: 'USER_LOCKOUT', name: 'User Lockout' },
    organization: { id: 'o1', name: 'Acme, Inc.' },
    subject: 'jdoe@acme.com',
    state: 'OPEN',
    endedReason: null,
    ticketId: 4711,
    eventCount: 4,
    notesAdded: 1,
    firstEventAt: '2026-11-25T14:00:00.000Z',
    lastEventAt: '2026-11-25T14:03:00.000Z',
    error: null,
    activity: [
      { id: 'a1', kind: 'TICKET_OPENED', at: '2026-11-25T14:00:01.000Z', ticketId: 4711, noteId: null, statusId: null, eventCount: 1, message: null },
      { id: 'a2', kind: 'NOTE_ADDED', at: '2026-11-25T14:01:00.000Z', ticketId: 4711, noteId: 901, statusId: null, eventCount: 3, message: null },
    ],
    ...extra,
  };
}

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

function ticketingServer(options: { save?: () => ReturnType<typeof graphqlError>; integrationUnreadable?: boolean } = {}) {
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
        recurrence: (s?.recurrence as string) ?? 'NOTE_ON_OPEN_TICKET',
        recurrenceWindowHours: (s?.recurrenceWindowHours as number) ?? 24,
        closeOnResolve: (s?.closeOnResolve as boolean) ?? false,
        resolvable: alert.id !== 'DISK_ENCRYPTION_KEY_DECRYPTED',
        board: boards.find((b) => b.id === s?.boardId) ?? null,
        status: s?.statusId ? { id: s.statusId } : null,
        type: s?.typeId ? { id: s.typeId } : null,
        subType: null,
        item: null,
        closedStatus: s?.closedStatusId ? { id: s.closedStatusId } : null,
        updatedAt: null,
      };
    }),
  });
  return graphqlFetch({
    TicketingSettings: () =>
      options.integrationUnreadable
        ? ({
            data: { connectWiseIntegration: null, ticketingSettings: view() },
            errors: [{ message: 'Internal server error', path: ['connectWiseIntegration'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          } as unknown as ReturnType<typeof graphqlError>)
        : { data: { connectWiseIntegration: { id: 'i1' }, ticketingSettings: view() } },
    SetAutomatedTicketing: (request: GraphqlRequest) => {
      automated = request.variables.enabled as boolean;
      return { data: { setAutomatedTicketing: { automatedTicketing: automated, updatedAt: '2026-11-25T14:00:00.000Z' } } };
    },
    AlertTicketOptions: () => ({ data: { alertTicketOptions: { maxDueDays: 365, priorities, sources, boards } } }),
    ServiceBoardOptions: () => ({ data: { serviceBoardOptions: securityBoard } }),
    Incidents: () => ({
      data: {
        incidents: {
          totalCount: 2,
          hasNextPage: false,
          endCursor: null,
          nodes: [
            incident('i2'),
            incident('i1', {
              state: 'RESOLVED',
              ticketId: 4700,
              error: 'ConnectWise refused to close ticket #4700: the API member’s security role lacks “Edit Service Desk > Close Service Tickets”.',
              activity: [
                { id: 'b1', kind: 'TICKET_OPENED', at: '2026-11-25T13:00:01.000Z', ticketId: 4700, noteId: null, statusId: null, eventCount: 1, message: null },
                { id: 'b2', kind: 'RESOLUTION_NOTE_ADDED', at: '2026-11-25T13:20:00.000Z', ticketId: 4700, noteId: 950, statusId: null, eventCount: 0, message: null },
                { id: 'b3', kind: 'CLOSE_REFUSED', at: '2026-11-25T13:20:01.000Z', ticketId: 4700, noteId: null, statusId: null, eventCount: 0, message: 'the API member may not close tickets' },
              ],
            }),
          ],
        },
      },
    }),
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
      settings: [
        {
          alertType: 'USER_LOCKOUT',
          createTickets: true,
          priorityId: 8,
          sourceId: 12,
          dueDays: 3,
          recurrence: 'NOTE_ON_OPEN_TICKET',
          recurrenceWindowHours: 24,
          closeOnResolve: false,
          boardId: null,
          statusId: null,
          typeId: null,
          subTypeId: null,
          itemId: null,
          closedStatusId: null,
        },
      ],
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

  it('routes an alert to a board with its status and type, and closes resolved tickets with a chosen closed status', async () => {
    const { wrapper, server } = await mountTicketing();
    await wrapper.get('button[aria-label="Edit User Lockout"]').trigger('click');
    await flushPromises();
    const dialog = wrapper.get('dialog');
    // The board's own choices appear once a board is picked.
    expect(dialog.find('select#alert-statusId').exists()).toBe(false);
    await chooseOption(dialog.get('select#alert-board'), 2);
    await flushPromises();
    expect(server.requests.find((r) => r.operationName === 'ServiceBoardOptions')?.variables).toEqual({ boardId: 2 });
    expect(dialog.findAll('select#alert-statusId option').map((o) => o.text())).toEqual(["Board's default", 'New', 'Investigating']);
    await chooseOption(dialog.get('select#alert-statusId'), 22);
    await chooseOption(dialog.get('select#alert-typeId'), 31);
    await dialog.get('input#alert-window').setValue('48');
    await dialog.get('.switch-row input[type="checkbox"]:not([role])').setValue(true);
    expect(dialog.findAll('select#alert-closedStatusId option').map((o) => o.text())).toEqual(["Board's first closed status", 'Resolved - Auto']);
    await chooseOption(dialog.get('select#alert-closedStatusId'), 25);
    await dialog.get('form').trigger('submit');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'SaveAlertSetting')?.variables).toMatchObject({
      settings: [{ alertType: 'USER_LOCKOUT', recurrence: 'NOTE_ON_OPEN_TICKET', recurrenceWindowHours: 48, closeOnResolve: true, boardId: 2, statusId: 22, typeId: 31, closedStatusId: 25 }],
    });
    const row = wrapper.get('[data-alert-row="USER_LOCKOUT"]');
    expect(row.text()).toContain('Security Alerts');
    expect(row.text()).toContain('Note on open ticket, 48 h');
    expect(row.text()).toContain('Note and close');
  });

  it('shows ConnectWise’s refusal of a routing choice on that field, and offers no close for an alert without resolutions', async () => {
    const server = ticketingServer({
      save: () => graphqlError('board “Security Alerts” has no open status 22 (User Lockout)', { code: 'BAD_USER_INPUT', field: 'statusId', alertType: 'USER_LOCKOUT' }),
    });
    const { wrapper } = await mountTicketing(server);
    await wrapper.get('button[aria-label="Edit User Lockout"]').trigger('click');
    await flushPromises();
    const dialog = wrapper.get('dialog');
    await chooseOption(dialog.get('select#alert-board'), 2);
    await flushPromises();
    await chooseOption(dialog.get('select#alert-statusId'), 22);
    await dialog.get('form').trigger('submit');
    await flushPromises();
    expect(dialog.get('#alert-statusId-error').text()).toContain('has no open status 22');
    expect(document.activeElement).toBe(dialog.get('select#alert-statusId').element);
    await dialog.get('button.button-quiet').trigger('click');
    await flushPromises();

    await wrapper.get('button[aria-label="Edit Disk Encryption Key Decrypted"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('dialog').text()).not.toContain('Close the ticket when the alert is resolved');
  });

  it('lists incidents with their ticket, the refusal to close, and their history, and follows them live', async () => {
    const { wrapper, subscription } = await mountTicketing();
    const items = () => wrapper.findAll('ul.incidents > li');
    expect(items()).toHaveLength(2);
    expect(items()[0]!.text()).toContain('Open: ticket #4711');
    expect(items()[0]!.text()).toContain('4 alerts, 1 note added');
    expect(items()[1]!.text()).toContain('Resolved');
    expect(items()[1]!.get('.incident-error').text()).toContain('Close Service Tickets');

    await items()[1]!.get('button[aria-expanded]').trigger('click');
    const steps = items()[1]!.findAll('ol.timeline li').map((li) => li.text());
    expect(steps[0]).toContain('Ticket #4700 opened');
    expect(steps[1]).toContain('Resolution note #950 added');
    expect(steps[2]).toContain('Not closed: the API member may not close tickets');

    subscription.push({ incidentUpdated: incident('i2', { notesAdded: 2, eventCount: 6 }) });
    await flushPromises();
    expect(items()).toHaveLength(2);
    expect(items()[0]!.text()).toContain('6 alerts, 2 notes added');
    subscription.push({ incidentUpdated: incident('i3', { state: 'ENDED', endedReason: 'TICKET_CLOSED', subject: 'mac-01' }) });
    await flushPromises();
    expect(items()).toHaveLength(3);
    expect(items()[0]!.text()).toContain('Ended: ticket closed in ConnectWise');
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

  it('shows a failed read of the integration as the error, not as "not connected"', async () => {
    const { wrapper } = await mountTicketing(ticketingServer({ integrationUnreadable: true }));

    expect(wrapper.text()).not.toContain('ConnectWise Manage is not connected yet.');
    expect(wrapper.get('#ticketing-load-error').text()).toContain('The server failed unexpectedly');
  });
});
