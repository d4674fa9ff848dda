import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred, graphqlError, graphqlFetch, mountScreen, type GraphqlRequest } from '../../app/testing';
import IntegrationsPage from './IntegrationsPage.vue';

enableAutoUnmount(afterEach);

const admin = { id: 'a1', email: 'ada@example.com' };
const connected = {
  id: 'i1',
  site: 'api-na.myconnectwise.net',
  companyId: 'acme',
  codebase: 'v2025_1/',
  publicKeyLast4: 'Pk42',
  privateKeySet: true,
  status: 'CONNECTED',
  lastError: null,
  lastVerifiedAt: '2026-11-25T14:00:00.000Z',
  createdAt: '2026-11-25T14:00:00.000Z',
  createdBy: admin,
  updatedAt: '2026-11-25T14:05:00.000Z',
  updatedBy: admin,
};
const saved = { id: 'i1', site: connected.site, companyId: 'acme', status: 'CONNECTED' };

/** The integration the server holds, changed by the mutations the test lets succeed. */
function integrationServer(options: {
  initial: typeof connected | null;
  jumpCloud?: Record<string, unknown> | null;
  save?: (request: GraphqlRequest) => ReturnType<Parameters<typeof graphqlFetch>[0][string]>;
  update?: (request: GraphqlRequest) => ReturnType<Parameters<typeof graphqlFetch>[0][string]>;
}) {
  let current = options.initial;
  return graphqlFetch({
    ConnectWiseIntegration: () => ({ data: { connectWiseIntegration: current } }),
    JumpCloudConnectionCard: () => ({ data: { jumpCloudConnection: options.jumpCloud ?? null } }),
    VerifyAndSaveConnectWise: async (request) => {
      const answer = await (options.save?.(request) ?? { data: { verifyAndSaveConnectWiseIntegration: saved } });
      if (!(answer instanceof Response) && answer.data) current = connected;
      return answer;
    },
    VerifyAndUpdateConnectWise: async (request) => {
      const answer = await (options.update?.(request) ?? { data: { verifyAndUpdateConnectWiseIntegration: saved } });
      if (!(answer instanceof Response) && answer.data) current = connected;
      return answer;
    },
    DisableConnectWise: () => {
      current = null;
      return { data: { disableConnectWiseIntegration: true } };
    },
  });
}

async function fillConnectForm(wrapper: Awaited<ReturnType<typeof mountScreen>>['wrapper'], site: string) {
  await wrapper.get('input#site').setValue(site);
  await wrapper.get('input#publicKey').setValue(' pub-key-1234 ');
  await wrapper.get('input#privateKey').setValue('priv-key');
  await wrapper.get('input#companyId').setValue('acme');
}

function button(wrapper: Awaited<ReturnType<typeof mountScreen>>['wrapper'], text: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

describe('integrations screen', () => {
  it('offers Configure while ConnectWise is not connected, and opens the form on the Base URL', async () => {
    const server = integrationServer({ initial: null });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });

    expect(wrapper.get('[aria-labelledby="cw-heading"]').text()).toContain('Not connected');
    await button(wrapper, 'Configure').trigger('click');
    await flushPromises();

    expect(wrapper.get('h2#configure-heading').text()).toBe('Configure ConnectWise Manage');
    expect(document.activeElement).toBe(wrapper.get('input#site').element);
    for (const id of ['publicKey', 'privateKey']) {
      expect(wrapper.get(`input#${id}`).attributes('type')).toBe('password');
    }
    expect(wrapper.get('label[for="site"]').text()).toContain('Base URL');
  });

  it("refuses https:// in the Base URL before asking the server, with the product document's hint", async () => {
    const server = integrationServer({ initial: null });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });
    await button(wrapper, 'Configure').trigger('click');
    await fillConnectForm(wrapper, 'https://api-na.myconnectwise.net');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const site = wrapper.get('input#site');
    expect(wrapper.get('#site-error').text()).toBe("Don't include the https:// in the URL.");
    expect(wrapper.get('#site-error').attributes('role')).toBe('alert');
    expect(site.attributes('aria-invalid')).toBe('true');
    expect(site.attributes('aria-describedby')).toContain('site-error');
    expect(document.activeElement).toBe(site.element);
    expect(server.requests.map((r) => r.operationName).filter((name) => name !== 'JumpCloudConnectionCard')).toEqual(['ConnectWiseIntegration']);
  });

  it('shows a failing integration as Failing with the reason, for ConnectWise and for JumpCloud', async () => {
    const keysRejected = 'ConnectWise rejected the API keys (401) on GET company/companies: they are wrong, or were rotated or revoked in ConnectWise. Verify and update the keys on the Integrations screen.';
    const refused = 'JumpCloud rejected the API key (401): it is wrong, or was rotated or revoked.';
    const server = integrationServer({
      initial: { ...connected, status: 'FAILING', lastError: keysRejected } as unknown as typeof connected,
      jumpCloud: { id: 'j1', providerId: 'jc-provider', apiKeyLast4: 'k9z1', status: 'FAILING', lastError: refused, lastPolledAt: '2026-11-25T14:00:00.000Z' },
    });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });

    const cw = wrapper.get('[aria-labelledby="cw-heading"]');
    expect(cw.get('.badge').text()).toBe('Failing');
    expect(cw.text()).not.toContain('Connected');
    expect(cw.get('.notice-bad').text()).toBe(keysRejected);
    const jc = wrapper.get('[aria-labelledby="jc-heading"]');
    expect(jc.get('.badge').text()).toBe('Failing');
    expect(jc.get('.notice-bad').text()).toBe(refused);
    expect(jc.text()).toContain('updateJumpCloudConnection');
  });

  it('shows JumpCloud as Connected, without a reason, while it works', async () => {
    const server = integrationServer({
      initial: connected,
      jumpCloud: { id: 'j1', providerId: 'jc-provider', apiKeyLast4: 'k9z1', status: 'CONNECTED', lastError: null, lastPolledAt: null },
    });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });

    const jc = wrapper.get('[aria-labelledby="jc-heading"]');
    expect(jc.get('.badge').text()).toBe('Connected');
    expect(jc.find('.notice-bad').exists()).toBe(false);
  });

  it('asks for every empty field and focuses the first', async () => {
    const server = integrationServer({ initial: null });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });
    await button(wrapper, 'Configure').trigger('click');
    await wrapper.get('input#site').setValue('api-na.myconnectwise.net');

    await button(wrapper, 'Verify and Save').trigger('click');
    await flushPromises();

    expect(wrapper.get('#publicKey-error').text()).toBe('Enter the public API key.');
    expect(wrapper.get('#privateKey-error').text()).toBe('Enter the private API key.');
    expect(wrapper.get('#companyId-error').text()).toContain('Enter the Company ID');
    expect(wrapper.find('#site-error').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('input#publicKey').element);
  });

  it("shows Verifying… while ConnectWise is asked, then the server's error next to its field, keeping every value", async () => {
    const answer = deferred<ReturnType<typeof graphqlError>>();
    const server = integrationServer({ initial: null, save: () => answer.promise });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });
    await button(wrapper, 'Configure').trigger('click');
    await fillConnectForm(wrapper, 'api-na.myconnectwise.net');

    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const submit = wrapper.get('button[type="submit"]');
    expect(submit.text()).toBe('Verifying…');
    expect(submit.attributes('disabled')).toBeDefined();
    expect(wrapper.get('form').attributes('aria-busy')).toBe('true');

    answer.resolve(
      graphqlError('Keys rejected: check the public and private API keys and the company ID', {
        code: 'CONNECTWISE_KEYS_REJECTED',
        field: 'privateKey',
      }),
    );
    await flushPromises();

    const error = wrapper.get('#privateKey-error');
    expect(error.text()).toContain('ConnectWise Manage rejected the API keys');
    expect(error.text()).toContain('CONNECTWISE_KEYS_REJECTED');
    expect(document.activeElement).toBe(wrapper.get('input#privateKey').element);
    expect(wrapper.get('button[type="submit"]').text()).toBe('Verify and Save');
    expect((wrapper.get('input#site').element as HTMLInputElement).value).toBe('api-na.myconnectwise.net');
    expect((wrapper.get('input#privateKey').element as HTMLInputElement).value).toBe('priv-key');
    expect(server.requests.at(-1)).toMatchObject({
      operationName: 'VerifyAndSaveConnectWise',
      variables: {
        input: { site: 'api-na.myconnectwise.net', companyId: 'acme', publicKey: 'pub-key-1234', privateKey: 'priv-key' },
      },
    });
  });

  it('shows an error without a field above the buttons, e.g. the missing permission', async () => {
    const server = integrationServer({
      initial: null,
      save: () =>
        graphqlError('API member lacks permission Inquire Companies > Company Maintenance', {
          code: 'CONNECTWISE_PERMISSION_DENIED',
        }),
    });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });
    await button(wrapper, 'Configure').trigger('click');
    await fillConnectForm(wrapper, 'api-na.myconnectwise.net');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const box = wrapper.get('.form-error');
    expect(box.text()).toContain('missing a permission (Inquire Companies > Company Maintenance)');
    expect(document.activeElement).toBe(box.element);
  });

  it('says "Integration has been created" and shows the connection once ConnectWise accepts it', async () => {
    const server = integrationServer({ initial: null });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });
    await button(wrapper, 'Configure').trigger('click');
    await fillConnectForm(wrapper, 'api-na.myconnectwise.net');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('[role="status"]').text()).toContain('Integration has been created');
    const card = wrapper.get('[aria-labelledby="cw-heading"]');
    expect(card.text()).toContain('Connected');
    expect(card.text()).toContain('api-na.myconnectwise.net');
    expect(card.text()).toContain('acme');
    expect(card.text()).toContain('v2025_1/');
    expect(card.text()).toContain('••••Pk42');
    expect(card.text()).toContain('ada@example.com');
    expect(document.activeElement).toBe(wrapper.get('#cw-heading').element);
  });

  it('edits by re-authenticating: keys required, site and company sent only when changed', async () => {
    const server = integrationServer({ initial: connected });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });
    await button(wrapper, 'Edit').trigger('click');
    await flushPromises();

    expect((wrapper.get('input#site').element as HTMLInputElement).value).toBe('api-na.myconnectwise.net');
    expect((wrapper.get('input#companyId').element as HTMLInputElement).value).toBe('acme');
    await button(wrapper, 'Verify and Update').trigger('click');
    await flushPromises();
    expect(wrapper.get('#publicKey-error').text()).toBe('Enter the public API key.');
    expect(server.requests.filter((r) => r.operationName === 'VerifyAndUpdateConnectWise')).toHaveLength(0);

    await wrapper.get('input#publicKey').setValue('new-pub');
    await wrapper.get('input#privateKey').setValue('new-priv');
    await button(wrapper, 'Verify and Update').trigger('click');
    await flushPromises();

    expect(server.requests.filter((r) => r.operationName === 'VerifyAndUpdateConnectWise').at(-1)).toMatchObject({
      operationName: 'VerifyAndUpdateConnectWise',
      variables: { input: { publicKey: 'new-pub', privateKey: 'new-priv' } },
    });
    expect(wrapper.get('[role="status"]').text()).toContain('Integration has been updated');
  });

  it('disables the integration only after the admin types "Disable & Clear"', async () => {
    const server = integrationServer({ initial: connected });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });
    await button(wrapper, 'Edit').trigger('click');
    await button(wrapper, 'Disable Integration & Clear Data').trigger('click');
    await flushPromises();

    const dialog = wrapper.get('dialog');
    expect((dialog.element as HTMLDialogElement).open).toBe(true);
    expect(dialog.text()).toContain('This action can\'t be undone');
    expect(document.activeElement).toBe(wrapper.get('input#disable-confirm').element);

    await wrapper.get('input#disable-confirm').setValue('disable & clear');
    await dialog.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#disable-confirm-error').text()).toBe('Type Disable & Clear exactly to confirm.');
    expect(server.requests.some((r) => r.operationName === 'DisableConnectWise')).toBe(false);

    await wrapper.get('input#disable-confirm').setValue('Disable & Clear');
    await dialog.get('form').trigger('submit');
    await flushPromises();

    expect(server.requests.some((r) => r.operationName === 'DisableConnectWise')).toBe(true);
    expect(wrapper.find('dialog').exists()).toBe(false);
    expect(wrapper.get('[role="status"]').text()).toContain('Integration has been disabled');
    expect(wrapper.get('[aria-labelledby="cw-heading"]').text()).toContain('Not connected');
  });

  it('explains a missing Billing role instead of showing an empty screen', async () => {
    const server = graphqlFetch({
      ConnectWiseIntegration: () => graphqlError('Access denied', { code: 'FORBIDDEN' }),
    });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });
    expect(wrapper.get('[role="alert"]').text()).toContain('Only admins with the Billing role');
  });

  it('shows a refused read where the status would be, never "Not connected" and Configure', async () => {
    // As the server answers: the nullable field comes back null, next to the error that nulled it.
    const refused = (field: string) =>
      ({
        data: { [field]: null },
        errors: [{ message: 'this needs the billing role', path: [field], extensions: { code: 'FORBIDDEN', requiredRoles: ['billing'] } }],
      }) as unknown as ReturnType<typeof graphqlError>;
    const server = graphqlFetch({
      ConnectWiseIntegration: () => refused('connectWiseIntegration'),
      JumpCloudConnectionCard: () => refused('jumpCloudConnection'),
    });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });

    for (const heading of ['cw-heading', 'jc-heading']) {
      const card = wrapper.get(`[aria-labelledby="${heading}"]`);
      expect(card.text()).not.toContain('Not connected');
      expect(card.get('[role="alert"]').text()).toContain('Only admins with the Billing role');
      expect(card.text()).toContain('FORBIDDEN');
    }
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Configure');
  });

  it('shows a failed read of the connection as the error, not as "Not connected"', async () => {
    const server = graphqlFetch({
      ConnectWiseIntegration: () =>
        ({
          data: { connectWiseIntegration: null },
          errors: [{ message: 'Internal server error', path: ['connectWiseIntegration'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'r-1' } }],
        }) as unknown as ReturnType<typeof graphqlError>,
      JumpCloudConnectionCard: () => ({ data: { jumpCloudConnection: null } }),
    });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: server.fetch });

    const cw = wrapper.get('[aria-labelledby="cw-heading"]');
    expect(cw.text()).not.toContain('Not connected');
    expect(cw.get('[role="alert"]').text()).toContain('The server failed unexpectedly');
    expect(cw.text()).toContain('Request ID r-1');
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Configure');
    // JumpCloud's own answer was fine: it is simply not connected.
    expect(wrapper.get('[aria-labelledby="jc-heading"]').text()).toContain('Not connected');
  });
});
