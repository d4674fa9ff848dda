import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseOption, graphqlError, graphqlFetch, mountScreen } from '../../app/testing';
import { additions, agreements, company, mapping, organization } from './test-fixtures';
import MappingDrawer from './MappingDrawer.vue';

enableAutoUnmount(afterEach);

const acme = organization(1, { id: 'org-acme', name: 'Acme, Inc.', highWatermark: 42 });

type Skipped = { index: number; id: number | null; reason: string }[];

function drawerServer(
  options: {
    save?: () => ReturnType<typeof graphqlError>;
    agreements?: { nodes: unknown[]; skipped: Skipped };
    additions?: { nodes: unknown[]; skipped: Skipped };
  } = {},
) {
  return graphqlFetch({
    OrganizationSuggestions: () => ({
      data: {
        organization: {
          id: acme.id,
          companySuggestions: [
            { score: 1, company: company(19000, 'ACME Inc') },
            { score: 0.62, company: company(19007, 'Acme Dental 8') },
          ],
        },
      },
    }),
    ConnectWiseCompanies: () => ({
      data: {
        connectWiseCompanies: {
          nodes: [company(19000, 'ACME Inc'), company(19001, 'Blue Harbor Dental LLC')],
          hasNextPage: false,
          endCursor: null,
          skipped: [],
        },
      },
    }),
    ConnectWiseAgreements: () => ({ data: { connectWiseAgreements: options.agreements ?? { nodes: agreements, skipped: [] } } }),
    ConnectWiseAdditions: () => ({ data: { connectWiseAdditions: options.additions ?? { nodes: additions, skipped: [] } } }),
    SaveMapping: (request) =>
      options.save?.() ?? {
        data: {
          saveMappings: [{ ...mapping, ...(request.variables.mappings as Record<string, unknown>[])[0], id: 'm1' }],
        },
      },
  });
}

async function mountDrawer(org = acme, server = drawerServer()) {
  const onSaved = vi.fn();
  const onClose = vi.fn();
  const mounted = await mountScreen(MappingDrawer, { fetch: server.fetch, props: { organization: org, onSaved, onClose } });
  return { ...mounted, server, onSaved, onClose };
}

async function pickFirstSuggestion(wrapper: Awaited<ReturnType<typeof mountScreen>>['wrapper']) {
  await wrapper.get('input#mapping-company').trigger('click');
  await flushPromises();
  await wrapper.get('[role="group"] [role="option"]').trigger('click');
  await flushPromises();
}

describe('mapping drawer', () => {
  it('offers the best name matches first, then every billable company', async () => {
    const { wrapper } = await mountDrawer();
    expect(wrapper.get('dialog h2').text()).toBe('Map Acme, Inc.');
    expect(document.activeElement).toBe(wrapper.get('input#mapping-company').element);

    await wrapper.get('input#mapping-company').trigger('click');
    await flushPromises();

    const groups = wrapper.findAll('[role="listbox"] [role="group"]');
    expect(groups.map((g) => g.find('.group-label').text())).toEqual(['Best name matches', 'All billable companies']);
    expect(groups[0]!.findAll('[role="option"]').map((o) => o.text())).toEqual([
      'ACME Inc100% match',
      'Acme Dental 862% match',
    ]);
    // A suggested company is not listed twice.
    expect(groups[1]!.findAll('[role="option"]').map((o) => o.find('.option-name').text())).toEqual([
      'Blue Harbor Dental LLC',
    ]);
  });

  it('loads agreements for the chosen company and additions for the chosen agreement, with quantity and cost', async () => {
    const { wrapper, server } = await mountDrawer();
    const agreement = wrapper.get('select#mapping-agreement');
    const addition = wrapper.get('select#mapping-addition');
    expect(agreement.attributes('disabled')).toBeDefined();
    expect(addition.attributes('disabled')).toBeDefined();

    await pickFirstSuggestion(wrapper);
    expect((wrapper.get('input#mapping-company').element as HTMLInputElement).value).toBe('ACME Inc');
    expect(server.requests.find((r) => r.operationName === 'ConnectWiseAgreements')?.variables).toEqual({ companyId: 19000 });
    expect(agreement.findAll('option').map((o) => o.text())).toEqual([
      'Select an agreement',
      'Managed Services 1 (Managed Services)',
      'Managed Services 2',
    ]);

    await chooseOption(agreement, 40000);
    await flushPromises();
    expect(server.requests.find((r) => r.operationName === 'ConnectWiseAdditions')?.variables).toEqual({ agreementId: 40000 });
    const options = addition.findAll('option');
    expect(options.map((o) => o.text())).toEqual([
      'Select a product addition',
      'JC-USER — JumpCloud user license',
      'JC-DEVICE — JumpCloud device management',
      'OLD (cancelled)',
    ]);
    expect(options[3]!.attributes('disabled')).toBeDefined();

    await chooseOption(addition, 700001);
    const detail = wrapper.get('.addition-detail').text();
    expect(detail).toContain('Current quantity11');
    expect(detail).toContain('Current cost3.75');
    expect(detail).toContain("this month's high watermark (42)");
  });

  it('lists Expired and Inactive agreements disabled with their status, and says why rows are missing', async () => {
    const server = drawerServer({
      agreements: {
        nodes: [
          ...agreements,
          { id: 40002, name: 'Previous Managed Services', type: 'Managed Services', status: 'Expired', selectable: false },
          { id: 40003, name: 'Paused Managed Services', type: null, status: 'Inactive', selectable: false },
        ],
        skipped: [{ index: 4, id: 40009, reason: 'name: Invalid input: expected string, received null' }],
      },
    });
    const { wrapper } = await mountDrawer(acme, server);
    await pickFirstSuggestion(wrapper);

    const options = wrapper.get('select#mapping-agreement').findAll('option');
    expect(options.map((o) => [o.text(), o.attributes('disabled') !== undefined])).toEqual([
      ['Select an agreement', true],
      ['Managed Services 1 (Managed Services)', false],
      ['Managed Services 2', false],
      ['Previous Managed Services (Managed Services) — Expired', true],
      ['Paused Managed Services — Inactive', true],
    ]);
    const notice = wrapper.get('#mapping-agreement-skipped');
    expect(notice.text()).toContain('1 of the agreements could not be read from ConnectWise Manage and is not listed.');
    expect(notice.text()).toContain('Agreement 40009: name: Invalid input: expected string, received null');
  });

  it('shows additions without product identifier or quantity, and how many could not be read', async () => {
    const server = drawerServer({
      additions: {
        nodes: [
          { id: 700010, productIdentifier: null, description: 'Security awareness training', quantity: null, unitCost: null, cancelled: false },
          { id: 700011, productIdentifier: null, description: null, quantity: 3, unitCost: 2, cancelled: false },
        ],
        skipped: [
          { index: 0, id: null, reason: 'id: Invalid input: expected number, received undefined' },
          { index: 3, id: 700012, reason: 'product: Invalid input: expected object, received null' },
        ],
      },
    });
    const { wrapper } = await mountDrawer(acme, server);
    await pickFirstSuggestion(wrapper);
    await chooseOption(wrapper.get('select#mapping-agreement'), 40000);
    await flushPromises();

    const addition = wrapper.get('select#mapping-addition');
    expect(addition.findAll('option').map((o) => o.text())).toEqual([
      'Select a product addition',
      'Security awareness training',
      'Product addition 700011',
    ]);
    const notice = wrapper.get('#mapping-addition-skipped').text();
    expect(notice).toContain('2 of the product additions could not be read from ConnectWise Manage and are not listed.');
    expect(notice).toContain('Addition in position 1: id: Invalid input');
    expect(notice).toContain('Addition 700012: product: Invalid input');

    await chooseOption(addition, 700010);
    const detail = wrapper.get('.addition-detail').text();
    expect(detail).toContain('Current quantityNot set');
    expect(detail).toContain('Current costNot set');
  });

  it('shows no notice when every row was read', async () => {
    const { wrapper } = await mountDrawer();
    await pickFirstSuggestion(wrapper);
    await chooseOption(wrapper.get('select#mapping-agreement'), 40000);
    await flushPromises();

    expect(wrapper.find('#mapping-agreement-skipped').exists()).toBe(false);
    expect(wrapper.find('#mapping-addition-skipped').exists()).toBe(false);
  });

  it('saves the mapping and tells the screen', async () => {
    const { wrapper, server, onSaved } = await mountDrawer();
    await pickFirstSuggestion(wrapper);
    await chooseOption(wrapper.get('select#mapping-agreement'), 40000);
    await flushPromises();
    await chooseOption(wrapper.get('select#mapping-addition'), 700000);
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'SaveMapping')?.variables).toEqual({
      mappings: [{ organizationId: 'org-acme', companyId: 19000, agreementId: 40000, additionId: 700000 }],
    });
    expect(onSaved).toHaveBeenCalledOnce();
  });

  it('asks for the company, agreement and addition, focusing the first missing one', async () => {
    const { wrapper, server } = await mountDrawer();
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#mapping-company-error').text()).toBe('Select the ConnectWise company.');
    expect(wrapper.get('#mapping-agreement-error').text()).toBe('Select the agreement.');
    expect(wrapper.get('#mapping-addition-error').text()).toBe('Select the product addition.');
    expect(document.activeElement).toBe(wrapper.get('input#mapping-company').element);
    expect(server.requests.some((r) => r.operationName === 'SaveMapping')).toBe(false);
  });

  it("shows the server's error next to the field it names, keeping the choices", async () => {
    const server = drawerServer({
      save: () =>
        graphqlError('addition 700000 already serves Blue Harbor Dental: an addition serves one organization only', {
          code: 'CONFLICT',
          field: 'additionId',
        }),
    });
    const { wrapper, onSaved } = await mountDrawer(acme, server);
    await pickFirstSuggestion(wrapper);
    await chooseOption(wrapper.get('select#mapping-agreement'), 40000);
    await flushPromises();
    await chooseOption(wrapper.get('select#mapping-addition'), 700000);
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#mapping-addition-error').text()).toContain('already serves Blue Harbor Dental');
    expect(document.activeElement).toBe(wrapper.get('select#mapping-addition').element);
    expect((wrapper.get('select#mapping-addition').element as HTMLSelectElement).value).toBe('700000');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('starts from the saved mapping when editing', async () => {
    const { wrapper } = await mountDrawer({ ...acme, mapping });
    expect(wrapper.get('dialog h2').text()).toBe('Edit mapping: Acme, Inc.');
    expect((wrapper.get('input#mapping-company').element as HTMLInputElement).value).toBe('ACME Inc');
    expect((wrapper.get('select#mapping-agreement').element as HTMLSelectElement).value).toBe('40000');
    expect((wrapper.get('select#mapping-addition').element as HTMLSelectElement).value).toBe('700000');
  });
});
