import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { graphqlError, graphqlFetch, mountScreen } from '../../app/testing';
import CompanyTypesPage from './CompanyTypesPage.vue';

enableAutoUnmount(afterEach);

const types = [
  { id: 1, name: 'Customer' },
  { id: 2, name: 'Prospect' },
  { id: 3, name: 'Vendor' },
];

function typesServer(options: { saved?: number[]; save?: () => ReturnType<typeof graphqlError> } = {}) {
  let saved = options.saved ?? null;
  return graphqlFetch({
    CompanyTypes: () => ({
      data: {
        companyTypes: types,
        billableCompanyTypes: {
          isDefault: saved === null,
          types: types.filter((t) => (saved ?? [1]).includes(t.id)),
        },
      },
    }),
    SetBillableCompanyTypes: (request) => {
      if (options.save) return options.save();
      saved = request.variables.ids as number[];
      return { data: { setBillableCompanyTypes: types.filter((t) => saved!.includes(t.id)) } };
    },
  });
}

function checkbox(wrapper: Awaited<ReturnType<typeof mountScreen>>['wrapper'], name: string) {
  const label = wrapper.findAll('label.check').find((l) => l.text() === name);
  if (!label) throw new Error(`No checkbox ${name}`);
  return label.get('input');
}

describe('company types screen', () => {
  it("lists the instance's types with Customer ticked by default, and says so", async () => {
    const server = typesServer();
    const { wrapper } = await mountScreen(CompanyTypesPage, { fetch: server.fetch });

    expect(wrapper.get('legend').text()).toBe('Company Type(s)');
    expect(wrapper.findAll('label.check').map((l) => l.text())).toEqual(['Customer', 'Prospect', 'Vendor']);
    expect((checkbox(wrapper, 'Customer').element as HTMLInputElement).checked).toBe(true);
    expect((checkbox(wrapper, 'Vendor').element as HTMLInputElement).checked).toBe(false);
    expect(wrapper.text()).toContain('uses Customer by default');
  });

  it('shows the saved selection', async () => {
    const server = typesServer({ saved: [2, 3] });
    const { wrapper } = await mountScreen(CompanyTypesPage, { fetch: server.fetch });

    expect((checkbox(wrapper, 'Customer').element as HTMLInputElement).checked).toBe(false);
    expect((checkbox(wrapper, 'Prospect').element as HTMLInputElement).checked).toBe(true);
    expect(wrapper.text()).not.toContain('by default');
  });

  it('requires at least one type before asking the server', async () => {
    const server = typesServer();
    const { wrapper } = await mountScreen(CompanyTypesPage, { fetch: server.fetch });

    await checkbox(wrapper, 'Customer').setValue(false);
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#types-error').text()).toBe('Select at least one company type before continuing.');
    expect(wrapper.get('fieldset').attributes('aria-describedby')).toContain('types-error');
    expect(document.activeElement).toBe(checkbox(wrapper, 'Customer').element);
    expect(server.requests.some((r) => r.operationName === 'SetBillableCompanyTypes')).toBe(false);
  });

  it('saves the ticked types with Filter by type', async () => {
    const server = typesServer();
    const { wrapper } = await mountScreen(CompanyTypesPage, { fetch: server.fetch });

    await checkbox(wrapper, 'Prospect').setValue(true);
    expect(wrapper.get('button[type="submit"]').text()).toBe('Filter by type');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'SetBillableCompanyTypes')?.variables).toEqual({
      ids: [1, 2],
    });
    expect(wrapper.get('[role="status"]').text()).toContain('Company types have been saved: Customer, Prospect');
    expect(wrapper.text()).not.toContain('by default');
  });

  it("keeps the ticks and shows the server's error next to the list", async () => {
    const server = typesServer({
      save: () => graphqlError('ConnectWise has no company type 3', { code: 'BAD_USER_INPUT', field: 'ids' }),
    });
    const { wrapper } = await mountScreen(CompanyTypesPage, { fetch: server.fetch });
    await checkbox(wrapper, 'Vendor').setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#types-error').text()).toContain('ConnectWise has no company type 3.');
    expect((checkbox(wrapper, 'Vendor').element as HTMLInputElement).checked).toBe(true);
  });

  it('sends the admin to Integrations while ConnectWise is not connected', async () => {
    const server = graphqlFetch({
      CompanyTypes: () =>
        graphqlError('ConnectWise Manage is not connected yet: verify and save it first', {
          code: 'INTEGRATION_NOT_CONFIGURED',
        }),
    });
    const { wrapper } = await mountScreen(CompanyTypesPage, { fetch: server.fetch });

    expect(wrapper.text()).toContain('ConnectWise Manage is not connected yet.');
    expect(wrapper.get('a').attributes('href')).toBe('/integrations');
    expect(wrapper.find('form').exists()).toBe(false);
  });
});
