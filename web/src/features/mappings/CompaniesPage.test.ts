import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseOption, graphqlError, graphqlFetch, mountScreen, type GraphqlRequest } from '../../app/testing';
import CompaniesPage from './CompaniesPage.vue';
import { additions, agreements, company, mapping, organization } from './test-fixtures';

enableAutoUnmount(afterEach);

const TOTAL = 5000;

/** 5,000 organizations served 50 at a time; the first one mapped. Cursors are the index to start after. */
function organizationsServer(
  options: { disable?: () => ReturnType<typeof graphqlError>; connected?: boolean; integrationUnreadable?: boolean } = {},
) {
  let mapped = true;
  /** Organizations mapped through the drawer (by index). */
  const savedMappings = new Set<number>();
  return graphqlFetch({
    CompaniesOrganizations: (request: GraphqlRequest) => {
      const { first, after, filter } = request.variables as {
        first: number;
        after?: string;
        filter?: { search?: string; mapped?: boolean };
      };
      const all = Array.from({ length: TOTAL }, (_, i) =>
        organization(
          i + 1,
          i === 0 && mapped
            ? { mapping: { ...mapping, lastSyncedAt: '2026-11-25T17:00:00.000Z', lastSyncStatus: 'UPDATED' } }
            : savedMappings.has(i + 1)
              ? { mapping }
              : {},
        ),
      )
        .filter((o) => !filter?.search || o.name.toLowerCase().includes(filter.search.toLowerCase()))
        .filter((o) => filter?.mapped === undefined || (o.mapping !== null) === filter.mapped);
      const start = after ? Number(after) : 0;
      const nodes = all.slice(start, start + first);
      return {
        // A failed read of the integration nulls it, beside its error (as the server answers).
        ...(options.integrationUnreadable
          ? { errors: [{ message: 'Internal server error', path: ['connectWiseIntegration'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }
          : {}),
        data: {
          connectWiseIntegration: options.connected === false || options.integrationUnreadable ? null : { id: 'i1' },
          organizations: {
            totalCount: all.length,
            hasNextPage: start + first < all.length,
            endCursor: String(start + nodes.length),
            nodes,
          },
        },
      };
    },
    OrganizationSuggestions: (request: GraphqlRequest) => ({
      data: { organization: { id: request.variables.id, companySuggestions: [{ score: 1, company: company(19000, 'ACME Inc') }] } },
    }),
    ConnectWiseCompanies: () => ({
      data: { connectWiseCompanies: { nodes: [company(19000, 'ACME Inc')], hasNextPage: false, endCursor: null, skipped: [] } },
    }),
    ConnectWiseAgreements: () => ({ data: { connectWiseAgreements: { nodes: agreements, skipped: [] } } }),
    ConnectWiseAdditions: () => ({ data: { connectWiseAdditions: { nodes: additions, skipped: [] } } }),
    SaveMapping: (request: GraphqlRequest) => {
      const [input] = request.variables.mappings as { organizationId: string }[];
      savedMappings.add(Number(input!.organizationId.replace('org-', '')));
      return { data: { saveMappings: [{ ...mapping, ...input }] } };
    },
    DisableMapping: () => {
      if (options.disable) return options.disable();
      mapped = false;
      return { data: { disableMapping: true } };
    },
  });
}

type Wrapper = Awaited<ReturnType<typeof mountScreen>>['wrapper'];

function rowOf(wrapper: Wrapper, name: string) {
  const row = wrapper.findAll('tbody tr').find((tr) => tr.get('th').text().startsWith(name));
  if (!row) throw new Error(`No row for ${name}`);
  return row;
}

/** Opens the drawer from a row's button as a keyboard user does: the button has focus when it is pressed. */
async function openDrawerFrom(wrapper: Wrapper, name: string, label: string) {
  const button = rowOf(wrapper, name).findAll('button').find((b) => b.text() === label)!;
  (button.element as HTMLButtonElement).focus();
  await button.trigger('click');
  await flushPromises();
  return button.element;
}

async function saveDrawer(wrapper: Wrapper) {
  await wrapper.get('input#mapping-company').trigger('click');
  await flushPromises();
  await wrapper.get('[role="group"] [role="option"]').trigger('click');
  await flushPromises();
  await chooseOption(wrapper.get('select#mapping-agreement'), 40000);
  await chooseOption(wrapper.get('select#mapping-addition'), 700000);
  await wrapper.get('dialog form').trigger('submit');
  await flushPromises();
}

describe('companies & agreements screen', () => {
  it('shows a page of organizations with watermark, cost, mapping and last sync', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });

    expect(wrapper.get('#orgs-caption').text()).toContain('Showing 1–50 of 5,000 organizations');
    expect(wrapper.findAll('tbody tr')).toHaveLength(50);
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual([
      'Organization',
      'High watermark this month',
      'Cost per seat',
      'ConnectWise mapping',
      'Last sync',
      'Actions',
    ]);
    const mappedRow = rowOf(wrapper, 'Client Organization 0001');
    expect(mappedRow.text()).toContain('41');
    expect(mappedRow.text()).toContain('8.50');
    expect(mappedRow.text()).toContain('ACME Inc');
    expect(mappedRow.text()).toContain('Managed Services 1');
    expect(mappedRow.text()).toContain('JC-USER — JumpCloud user license');
    expect(mappedRow.text()).toContain('Updated');
    expect(mappedRow.get('time').attributes('datetime')).toBe('2026-11-25T17:00:00.000Z');
    expect(mappedRow.findAll('button').map((b) => [b.text(), b.attributes('aria-label')])).toEqual([
      ['Edit', 'Edit mapping for Client Organization 0001'],
      ['Disable', 'Disable mapping for Client Organization 0001'],
    ]);
    const unmapped = rowOf(wrapper, 'Client Organization 0002');
    expect(unmapped.text()).toContain('Not mapped');
    expect(unmapped.findAll('button').map((b) => b.attributes('aria-label'))).toEqual(['Configure Client Organization 0002']);
    expect(server.requests[0]?.variables).toEqual({ first: 50, filter: {} });
  });

  it('pages forward with the cursor and back again', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
    const pager = () => wrapper.get('nav[aria-label="Organization pages"]');

    expect(pager().findAll('button')[0]!.attributes('disabled')).toBeDefined();
    await pager().findAll('button')[1]!.trigger('click');
    await flushPromises();
    expect(server.requests.at(-1)?.variables).toMatchObject({ first: 50, after: '50' });
    expect(wrapper.get('#orgs-caption').text()).toContain('Showing 51–100 of 5,000');
    expect(pager().text()).toContain('Page 2 of 100');

    await pager().findAll('button')[0]!.trigger('click');
    await flushPromises();
    expect(wrapper.get('#orgs-caption').text()).toContain('Showing 1–50 of 5,000');
  });

  it('searches on the server once typing pauses, from the first page', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const server = organizationsServer();
      const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
      await wrapper.get('nav[aria-label="Organization pages"]').findAll('button')[1]!.trigger('click');
      await flushPromises();

      await wrapper.get('input#org-search').setValue('00');
      await wrapper.get('input#org-search').setValue('0042');
      await vi.advanceTimersByTimeAsync(300);
      await flushPromises();

      const searches = server.requests.filter((r) => (r.variables.filter as { search?: string })?.search);
      expect(searches.map((r) => r.variables)).toEqual([{ first: 50, filter: { search: '0042' } }]);
      expect(wrapper.findAll('tbody tr')).toHaveLength(1);
      expect(wrapper.get('#orgs-caption').text()).toMatch(/Showing 1–1 of 1 organization(?!s)/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('filters mapped and unmapped organizations', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
    await chooseOption(wrapper.get('select#org-filter'), 'unmapped');
    expect(server.requests.at(-1)?.variables).toEqual({ first: 50, filter: { mapped: false } });
  });

  it('disables a mapping after warning that syncing stops', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
    await rowOf(wrapper, 'Client Organization 0001').findAll('button')[1]!.trigger('click');
    await flushPromises();

    const dialog = wrapper.get('dialog');
    expect(dialog.get('h2').text()).toBe('Disable the mapping for Client Organization 0001?');
    expect(dialog.text()).toContain(
      'Disabling will remove all mappings selected for that organization and will not sync the data daily.',
    );
    expect(document.activeElement?.textContent?.trim()).toBe('Disable');
    await dialog.findAll('button').find((b) => b.text() === 'Disable')!.trigger('click');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'DisableMapping')?.variables).toEqual({
      organizationId: 'org-1',
    });
    expect(wrapper.find('dialog').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toContain('Mapping for Client Organization 0001 has been disabled');
    expect(rowOf(wrapper, 'Client Organization 0001').text()).toContain('Not mapped');
    // Focus lands on the button that replaced Disable, not on <body>.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Configure Client Organization 0001');
  });

  it('returns focus to the row after saving the drawer, on the Edit button that replaced Configure', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
    await openDrawerFrom(wrapper, 'Client Organization 0002', 'Configure');
    await saveDrawer(wrapper);

    expect(wrapper.find('dialog').exists()).toBe(false);
    expect(rowOf(wrapper, 'Client Organization 0002').text()).toContain('ACME Inc');
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Edit mapping for Client Organization 0002');
  });

  it('returns focus to the button that opened the drawer when it is closed or cancelled', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
    const edit = await openDrawerFrom(wrapper, 'Client Organization 0001', 'Edit');
    await wrapper.get('dialog button[aria-label="Close"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog').exists()).toBe(false);
    expect(document.activeElement).toBe(edit);

    const configure = await openDrawerFrom(wrapper, 'Client Organization 0003', 'Configure');
    await wrapper.get('dialog').findAll('button').find((b) => b.text() === 'Cancel')!.trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(configure);
  });

  it('focuses the page heading after saving when the row has left the filtered list', async () => {
    const server = organizationsServer();
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
    await chooseOption(wrapper.get('select#org-filter'), 'unmapped');
    await openDrawerFrom(wrapper, 'Client Organization 0002', 'Configure');
    await saveDrawer(wrapper);

    expect(wrapper.findAll('tbody tr').some((tr) => tr.get('th').text().startsWith('Client Organization 0002'))).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('h1').element);
  });

  it("keeps the dialog open with the server's error when disabling fails", async () => {
    const server = organizationsServer({
      disable: () => graphqlError('organization org-1 has no mapping', { code: 'NOT_FOUND', field: 'organizationId' }),
    });
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
    await rowOf(wrapper, 'Client Organization 0001').findAll('button')[1]!.trigger('click');
    await flushPromises();
    await wrapper.get('dialog').findAll('button').find((b) => b.text() === 'Disable')!.trigger('click');
    await flushPromises();

    expect(wrapper.get('dialog #disable-mapping-error').text()).toContain('Organization org-1 has no mapping.');
  });

  it('asks to connect ConnectWise first when it is not connected', async () => {
    const server = organizationsServer({ connected: false });
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
    expect(wrapper.text()).toContain('ConnectWise Manage is not connected yet.');
    expect(rowOf(wrapper, 'Client Organization 0002').get('button').attributes('disabled')).toBeDefined();
  });

  it('shows a failed read of the integration as the error, not as "not connected"', async () => {
    const server = organizationsServer({ integrationUnreadable: true });
    const { wrapper } = await mountScreen(CompaniesPage, { fetch: server.fetch });
    expect(wrapper.text()).not.toContain('ConnectWise Manage is not connected yet.');
    expect(wrapper.text()).toContain('The server failed unexpectedly');
  });
});
