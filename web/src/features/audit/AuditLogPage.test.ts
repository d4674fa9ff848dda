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
      { label: 'Settings', value: 'Alert: user-lockout, Tickets: yes, Due days: 2' },
    ]);
  });
});
