import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { graphqlError, graphqlFetch, mountScreen, type GraphqlRequest } from '../../app/testing';
import { actionLabel, detailLines } from './audit-format';
import AuditLogPage from './AuditLogPage.vue';

enableAutoUnmount(afterEach);

const admin = { id: 'a1', email: 'ada@example.com' };

function entry(index: number) {
  return {
    id: `e${index}`,
    action: index % 2 ? 'mappings.saved' : 'company-types.saved',
    details: index % 2 ? { mappings: [{ organizationId: 'o1', companyId: 19000, agreementId: 40000, additionId: 700000 }] } : { previous: null, ids: [1, 2] },
    createdAt: new Date(Date.UTC(2026, 10, 25, 12, 0, 0) - index * 60_000).toISOString(),
    actor: index === 29 ? null : admin,
  };
}

/** 30 entries, newest first, 25 to a page. */
function auditServer() {
  const all = Array.from({ length: 30 }, (_, i) => entry(i));
  return graphqlFetch({
    AuditLog: (request: GraphqlRequest) => {
      const { first, after } = request.variables as { first: number; after?: string };
      const start = after ? Number(after) : 0;
      return {
        data: {
          auditLog: {
            totalCount: all.length,
            hasNextPage: start + first < all.length,
            endCursor: String(start + first),
            nodes: all.slice(start, start + first),
          },
        },
      };
    },
  });
}

describe('audit log screen', () => {
  it('lists when, who, action and details, newest first, and loads older entries on request', async () => {
    const server = auditServer();
    const { wrapper } = await mountScreen(AuditLogPage, { fetch: server.fetch });

    expect(wrapper.get('#audit-caption').text()).toBe('25 of 30 entries, newest first');
    const rows = wrapper.findAll('tbody tr');
    expect(rows).toHaveLength(25);
    const cells = rows[0]!.findAll('td');
    expect(cells[0]!.get('time').attributes('datetime')).toBe('2026-11-25T12:00:00.000Z');
    expect(cells[1]!.text()).toBe('ada@example.com');
    expect(cells[2]!.text()).toBe('Company types saved');
    expect(cells[3]!.text()).toContain('Type IDs: 1, 2');
    expect(rows[1]!.findAll('td')[3]!.text()).toContain(
      'organization o1 → company 19000, agreement 40000, addition 700000',
    );

    await wrapper.findAll('button').find((b) => b.text() === 'Load older entries')!.trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)?.variables).toEqual({ first: 25, after: '25' });
    expect(wrapper.findAll('tbody tr')).toHaveLength(30);
    expect(wrapper.findAll('tbody tr').at(-1)!.findAll('td')[1]!.text()).toBe('System');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load older entries')).toBe(false);
  });

  it('counts a single entry in the singular', async () => {
    const server = graphqlFetch({
      AuditLog: () => ({ data: { auditLog: { totalCount: 1, hasNextPage: false, endCursor: null, nodes: [entry(0)] } } }),
    });
    const { wrapper } = await mountScreen(AuditLogPage, { fetch: server.fetch });
    expect(wrapper.get('#audit-caption').text()).toBe('1 of 1 entry, newest first');
  });

  it("shows the server's error", async () => {
    const server = graphqlFetch({ AuditLog: () => graphqlError('Access denied', { code: 'FORBIDDEN' }) });
    const { wrapper } = await mountScreen(AuditLogPage, { fetch: server.fetch });
    expect(wrapper.get('[role="alert"]').text()).toContain('Only admins with the Billing role');
  });
});

describe('audit wording', () => {
  it('names actions and details in the product’s words, and keeps unknown ones as they are', () => {
    expect(actionLabel('integration.disabled')).toBe('Integration disabled & data cleared');
    expect(actionLabel('sync.started')).toBe('sync.started');
    expect(detailLines({ site: 'cw.example.com', keys: true, publicKey: '••••abcd', extra: { a: 1 } })).toEqual([
      { label: 'Site', value: 'cw.example.com' },
      { label: 'Keys changed', value: 'yes' },
      { label: 'Public key', value: '••••abcd' },
      { label: 'extra', value: 'a: 1' },
    ]);
    expect(detailLines({ settings: [{ alertType: 'user-lockout', createTickets: true, dueDays: 2 }] })).toEqual([
      { label: 'Settings', value: 'Alert: User Lockout, Tickets: yes, Due days: 2' },
    ]);
  });

  it('reads mappings by the names the entry records, not "undefined"', () => {
    const [line] = detailLines({
      mappings: [{ organizationId: 'o1', organization: 'Acme Ltd', company: 'Acme Corp', agreement: 'Managed Services', addition: 'JumpCloud Users', additionId: 700000 }],
    });
    expect(line).toEqual({ label: 'Mappings', value: 'organization Acme Ltd → company Acme Corp, agreement Managed Services, addition JumpCloud Users' });
    expect(line!.value).not.toContain('undefined');
    // A disabled mapping names its organization once, not its id beside its name.
    expect(detailLines({ organizationId: 'o1', organization: 'Acme Ltd', company: 'Acme Corp', agreement: 'Managed Services', addition: 'JumpCloud Users' })).toEqual([
      { label: 'Organization', value: 'Acme Ltd' },
      { label: 'Company', value: 'Acme Corp' },
      { label: 'Agreement', value: 'Managed Services' },
      { label: 'Addition', value: 'JumpCloud Users' },
    ]);
  });

  it('reads a changed cost per seat as its organization and old → new amount', () => {
    expect(actionLabel('organization.cost-per-seat-set')).toBe('Cost per seat changed');
    expect(detailLines({ organizationId: 'o1', organization: 'Acme Ltd', previous: 8.5, costPerSeat: 9.75 })).toEqual([
      { label: 'Organization', value: 'Acme Ltd' },
      { label: 'Cost per seat', value: '8.50 → 9.75' },
    ]);
    // Other actions' `previous` (company types' ids, a switch's state) still reads on its own.
    expect(detailLines({ previous: true, enabled: false })).toEqual([
      { label: 'Previous', value: 'yes' },
      { label: 'On', value: 'no' },
    ]);
  });

  it('reads alert settings by the names of their priority, source, board and statuses; ids only where no name was recorded', () => {
    const [line] = detailLines({
      settings: [
        {
          alertType: 'user-lockout',
          createTickets: true,
          priorityId: 2,
          priorityName: 'Priority 2 - High',
          sourceId: 5,
          sourceName: 'Email',
          dueDays: 2,
          recurrence: 'note-on-open-ticket',
          recurrenceWindowHours: 24,
          closeOnResolve: true,
          boardId: 1,
          boardName: 'Service Desk',
          statusId: 11,
          statusName: 'New',
          typeId: null,
          typeName: null,
          closedStatusId: 14,
          closedStatusName: null,
        },
      ],
    });
    expect(line!.label).toBe('Settings');
    expect(line!.value).toBe(
      'Alert: User Lockout, Tickets: yes, Priority: Priority 2 - High, Source: Email, Due days: 2, ' +
        'Recurrence: Note on open ticket, Recurrence window (hours): 24, Close on resolve: yes, ' +
        'Board: Service Desk, Status: New, Type: none, Closed status: 14',
    );
  });
});
