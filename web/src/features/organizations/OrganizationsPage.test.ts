import type { ExecutionResult } from '@urql/core';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseOption, graphqlError, graphqlFetch, mountScreen, type GraphqlRequest } from '../../app/testing';
import OrganizationsPage from './OrganizationsPage.vue';

enableAutoUnmount(afterEach);

const TOTAL = 10_005;

const mapping = {
  id: 'm1',
  companyName: 'ACME Inc',
  agreementName: 'Managed Services 1',
  additionName: 'JC-USER — JumpCloud user license',
  lastSyncedAt: '2026-11-25T17:00:00.000Z' as string | null,
  lastSyncStatus: 'UPDATED' as string | null,
  lastError: null as string | null,
  needsAttention: false,
};

/**
 * Organization 1 is mapped and synced, 2 is mapped but its last sync failed, every other one is not
 * mapped and has no count yet where its number is a multiple of 3.
 */
function organization(index: number, costPerSeat: number) {
  return {
    id: `org-${index}`,
    name: `Client Organization ${String(index).padStart(5, '0')}`,
    externalId: `jc-${index}`,
    active: true,
    currentUserCount: index % 3 === 0 ? null : 30 + index,
    currentUserCountObservedAt: null,
    costPerSeat,
    highWatermark: index % 3 === 0 ? null : 40 + index,
    monthlyUsage:
      index === 1
        ? { month: '2026-12', highWatermark: 41, syncedQuantity: 39, syncedAt: '2026-12-04T02:00:00.000Z' }
        : null,
    mapping:
      index === 1
        ? mapping
        : index === 2
          ? { ...mapping, lastSyncStatus: 'FAILED', lastError: 'Addition 700000 was cancelled in ConnectWise', needsAttention: true }
          : null,
  };
}

/** 10,005 organizations served 50 at a time by name; cursors are the index to start after. */
function organizationsServer(options: { setCost?: (request: GraphqlRequest) => ExecutionResult | undefined } = {}) {
  const costs = new Map<number, number>();
  const everyOrganization = Array.from({ length: TOTAL }, (_, i) => organization(i + 1, 8.5));
  return graphqlFetch({
    OrganizationsList: (request: GraphqlRequest) => {
      const { first, after, filter } = request.variables as {
        first: number;
        after?: string;
        filter?: { search?: string; mapped?: boolean; needsAttention?: boolean };
      };
      const all = everyOrganization
        .filter((o) => !filter?.search || o.name.toLowerCase().includes(filter.search.toLowerCase()))
        .filter((o) => filter?.mapped === undefined || (o.mapping !== null) === filter.mapped)
        .filter((o) => filter?.needsAttention === undefined || (o.mapping?.needsAttention ?? false) === filter.needsAttention);
      const start = after ? Number(after) : 0;
      const nodes = all.slice(start, start + first).map((o) => ({ ...o, costPerSeat: costs.get(Number(o.id.slice(4))) ?? o.costPerSeat }));
      return {
        data: {
          organizations: {
            totalCount: all.length,
            hasNextPage: start + first < all.length,
            endCursor: String(start + nodes.length),
            nodes,
          },
        },
      };
    },
    SetCostPerSeat: (request: GraphqlRequest) => {
      const refused = options.setCost?.(request);
      if (refused) return refused;
      const { organizationId, amount } = request.variables as { organizationId: string; amount: number };
      costs.set(Number(organizationId.replace('org-', '')), amount);
      return { data: { setCostPerSeat: { __typename: 'Organization', id: organizationId, costPerSeat: amount } } };
    },
  });
}

type Wrapper = Awaited<ReturnType<typeof mountScreen>>['wrapper'];

function rowOf(wrapper: Wrapper, name: string) {
  const row = wrapper.findAll('tbody tr').find((tr) => tr.get('th').text().startsWith(name));
  if (!row) throw new Error(`No row for ${name}`);
  return row;
}

const FIRST = 'Client Organization 00001';

function costButton(wrapper: Wrapper, name = FIRST) {
  return rowOf(wrapper, name).get('td.cost button');
}

async function editCost(wrapper: Wrapper, name = FIRST) {
  const button = costButton(wrapper, name);
  (button.element as HTMLButtonElement).focus();
  await button.trigger('click');
  await flushPromises();
  return rowOf(wrapper, name).get('td.cost input');
}

function costRequests(server: ReturnType<typeof organizationsServer>) {
  return server.requests.filter((r) => r.operationName === 'SetCostPerSeat');
}

describe('organizations screen', () => {
  it('shows a page of organizations with users, watermark, what was written to ConnectWise, cost and mapping', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });

    expect(wrapper.get('#orgs-range').text()).toContain('Showing 1–50 of 10,005 organizations');
    expect(wrapper.findAll('[data-testid="organizations-table"] tbody tr')).toHaveLength(50);
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual([
      'Organization',
      'Users now',
      'High watermark this month',
      'Written to ConnectWise',
      'Cost per seat',
      'Mapping status',
    ]);

    const mapped = rowOf(wrapper, FIRST);
    expect(mapped.get('th a').attributes('href')).toBe('/organizations/org-1');
    expect(mapped.get('th').text()).toContain('jc-1');
    expect(mapped.get('[data-label="Users now"]').text()).toBe('31');
    expect(mapped.get('[data-label="High watermark this month"]').text()).toBe('41');
    expect(mapped.get('[data-label="Written to ConnectWise"]').text()).toContain('39');
    expect(costButton(wrapper).text()).toContain('8.50');
    expect(costButton(wrapper).text().replace(/\s+/g, ' ')).toBe('8.50 Edit cost per seat for Client Organization 00001');
    expect(mapped.get('[data-label="Mapping status"]').text()).toContain('Mapped');
    expect(mapped.get('[data-label="Mapping status"]').text()).toContain('ACME Inc · Managed Services 1 · JC-USER — JumpCloud user license');

    const failing = rowOf(wrapper, 'Client Organization 00002');
    expect(failing.get('[data-label="Mapping status"]').text()).toContain('Needs attention');
    expect(failing.get('[data-label="Mapping status"]').text()).toContain('Addition 700000 was cancelled in ConnectWise');
    expect(failing.get('[data-label="Written to ConnectWise"]').text()).toBe('Not yet');

    const uncounted = rowOf(wrapper, 'Client Organization 00003');
    expect(uncounted.get('[data-label="Users now"]').text()).toBe('—');
    expect(uncounted.get('[data-label="High watermark this month"]').text()).toBe('—');
    expect(uncounted.get('[data-label="Mapping status"]').text()).toBe('Not mapped');

    expect(server.requests[0]?.variables).toEqual({ first: 50, filter: {}, orderBy: { field: 'NAME', direction: 'ASC' } });
    expect(wrapper.get('th[aria-sort]').text()).toBe('Organization');
    expect(wrapper.get('th[aria-sort]').attributes('aria-sort')).toBe('ascending');
  });

  it('pages forward with the end cursor and back again', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });
    const pager = () => wrapper.get('nav[aria-label="Organization pages"]');

    expect(pager().findAll('button')[0]!.attributes('disabled')).toBeDefined();
    expect(pager().text()).toContain('Page 1 of 201');
    await pager().findAll('button')[1]!.trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)?.variables).toMatchObject({ first: 50, after: '50' });
    expect(wrapper.get('#orgs-range').text()).toContain('Showing 51–100 of 10,005');
    expect(rowOf(wrapper, 'Client Organization 00051').exists()).toBe(true);

    await pager().findAll('button')[0]!.trigger('click');
    await flushPromises();
    expect(wrapper.get('#orgs-range').text()).toContain('Showing 1–50 of 10,005');
  });

  it('searches once typing pauses, from the first page', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const server = organizationsServer();
      const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });
      await wrapper.get('nav[aria-label="Organization pages"]').findAll('button')[1]!.trigger('click');
      await flushPromises();

      await wrapper.get('input#orgs-search').setValue('00');
      await wrapper.get('input#orgs-search').setValue('00042');
      await vi.advanceTimersByTimeAsync(300);
      await flushPromises();

      const searches = server.requests.filter((r) => (r.variables.filter as { search?: string })?.search);
      expect(searches.map((r) => r.variables)).toEqual([
        { first: 50, filter: { search: '00042' }, orderBy: { field: 'NAME', direction: 'ASC' } },
      ]);
      expect(wrapper.findAll('tbody tr')).toHaveLength(1);
      expect(wrapper.get('#orgs-range').text()).toMatch(/Showing 1–1 of 1 organization(?!s)/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('filters mapped, unmapped and needing attention, from the first page', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });
    await wrapper.get('nav[aria-label="Organization pages"]').findAll('button')[1]!.trigger('click');
    await flushPromises();

    await chooseOption(wrapper.get('select#orgs-show'), 'attention');
    expect(server.requests.at(-1)?.variables).toEqual({ first: 50, filter: { needsAttention: true }, orderBy: { field: 'NAME', direction: 'ASC' } });
    expect(wrapper.findAll('tbody tr')).toHaveLength(1);
    expect(wrapper.get('tbody').text()).toContain('Client Organization 00002');

    await chooseOption(wrapper.get('select#orgs-show'), 'unmapped');
    expect(server.requests.at(-1)?.variables).toMatchObject({ filter: { mapped: false } });
    await chooseOption(wrapper.get('select#orgs-show'), 'mapped');
    expect(server.requests.at(-1)?.variables).toMatchObject({ filter: { mapped: true } });
    expect(wrapper.get('#orgs-range').text()).toContain('Showing 1–2 of 2 organizations');
  });

  it('sorts by a column from the first page; choosing it again flips the direction', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });
    await wrapper.get('nav[aria-label="Organization pages"]').findAll('button')[1]!.trigger('click');
    await flushPromises();
    const header = (label: string) => wrapper.findAll('thead th').find((th) => th.text() === label)!;

    await header('Users now').get('button').trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)?.variables).toEqual({ first: 50, filter: {}, orderBy: { field: 'CURRENT_USERS', direction: 'DESC' } });
    expect(header('Users now').attributes('aria-sort')).toBe('descending');
    expect(header('Organization').attributes('aria-sort')).toBeUndefined();

    await header('Users now').get('button').trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)?.variables).toEqual({ first: 50, filter: {}, orderBy: { field: 'CURRENT_USERS', direction: 'ASC' } });
    expect(header('Users now').attributes('aria-sort')).toBe('ascending');

    await header('Organization').get('button').trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)?.variables).toMatchObject({ orderBy: { field: 'NAME', direction: 'ASC' } });
    await header('Organization').get('button').trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)?.variables).toMatchObject({ orderBy: { field: 'NAME', direction: 'DESC' } });
    expect(server.requests.at(-1)?.variables).not.toHaveProperty('after');
  });

  it('shows why the list could not be read', async () => {
    const server = graphqlFetch({
      OrganizationsList: () => graphqlError('boom', { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-7' }),
    });
    const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });
    expect(wrapper.get('#orgs-load-error').text()).toContain('The server failed unexpectedly');
    expect(wrapper.get('#orgs-load-error').text()).toContain('req-7');
    expect(wrapper.find('table').exists()).toBe(false);
  });
});

describe('editing the cost per seat in place', () => {
  it('refuses what the server would refuse, at the field, and sends nothing', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });
    const input = await editCost(wrapper);
    expect(document.activeElement).toBe(input.element);
    expect((input.element as HTMLInputElement).value).toBe('8.5');
    expect(wrapper.find('label[for="cost-org-1"]').text()).toBe('Cost per seat for Client Organization 00001');

    for (const [typed, message] of [
      ['12.34567', 'Use at most 4 decimal places.'],
      ['-1', 'Enter the cost per seat as a number, e.g. 8.50.'],
      ['2000000', 'The cost per seat can be at most 1,000,000.'],
      ['', 'Enter a cost per seat, e.g. 8.50.'],
    ] as const) {
      await input.setValue(typed);
      await input.trigger('keydown', { key: 'Enter' });
      await flushPromises();
      expect(wrapper.get('#cost-error-org-1').text()).toBe(message);
      expect(input.attributes('aria-invalid')).toBe('true');
      expect(input.attributes('aria-describedby')).toBe('cost-error-org-1');
    }
    expect(costRequests(server)).toHaveLength(0);
  });

  it('saves on Enter, shows the new value, says what changed and gives focus back to the cell', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });
    const input = await editCost(wrapper);
    await input.setValue('9.75');
    await input.trigger('keydown', { key: 'Enter' });
    await flushPromises();

    expect(costRequests(server).map((r) => r.variables)).toEqual([{ organizationId: 'org-1', amount: 9.75 }]);
    expect(rowOf(wrapper, FIRST).find('td.cost input').exists()).toBe(false);
    expect(costButton(wrapper).text()).toContain('9.75');
    expect(document.activeElement).toBe(costButton(wrapper).element);
    expect(document.activeElement?.textContent?.replace(/\s+/g, ' ').trim()).toBe('9.75 Edit cost per seat for Client Organization 00001');
    expect(wrapper.get('[role="status"]').text()).toContain(
      'Cost per seat for Client Organization 00001 changed from 8.50 to 9.75.',
    );
  });

  it("shows the server's refusal at the field and keeps the old value", async () => {
    const server = organizationsServer({
      setCost: () => graphqlError('amount must be between 0 and 1,000,000', { code: 'BAD_USER_INPUT', field: 'amount' }),
    });
    const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });
    const input = await editCost(wrapper);
    await input.setValue('12');
    await input.trigger('keydown', { key: 'Enter' });
    await flushPromises();

    expect(costRequests(server)).toHaveLength(1);
    const field = rowOf(wrapper, FIRST).get('td.cost');
    expect(field.get('#cost-error-org-1').text()).toContain('Amount must be between 0 and 1,000,000.');
    expect(field.get('input').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('[role="status"]').text()).toBe('');

    await field.get('input').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(costButton(wrapper).text()).toContain('8.50');
  });

  it('cancels on Escape without sending anything, focus back on the cell', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(OrganizationsPage, { fetch: server.fetch });
    const input = await editCost(wrapper);
    await input.setValue('20');
    await input.trigger('keydown', { key: 'Escape' });
    await flushPromises();

    expect(rowOf(wrapper, FIRST).find('td.cost input').exists()).toBe(false);
    expect(costButton(wrapper).text()).toContain('8.50');
    expect(document.activeElement).toBe(costButton(wrapper).element);
    expect(costRequests(server)).toHaveLength(0);
  });
});
