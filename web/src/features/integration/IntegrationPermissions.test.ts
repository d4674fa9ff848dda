import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { graphqlError, graphqlFetch, mountScreen } from '../../app/testing';
import IntegrationsPage from './IntegrationsPage.vue';

enableAutoUnmount(afterEach);

const admin = { id: 'a1', email: 'ada@example.com' };
const feature = (name: string, label: string, missing: string[], notChecked: string[]) => ({
  feature: name,
  label,
  ready: missing.length === 0,
  missing,
  notChecked,
});
const allowed = {
  checkedAt: '2026-12-05T14:00:00.000Z',
  features: [
    feature('BILLING_SYNC', 'Billing sync', [], ['Finance › Agreements: Edit']),
    feature('TICKETING', 'Ticketing', [], ['Service Desk › Service Tickets: Add', 'Service Desk › Service Tickets: Edit']),
    feature('CLOSING_TICKETS', 'Closing tickets', [], ['Service Desk › Close Service Tickets: Edit']),
  ],
};
const ticketingLacking = {
  ...allowed,
  features: [
    allowed.features[0]!,
    feature(
      'TICKETING',
      'Ticketing',
      ['System › Table Setup: Inquire (Service / Priority)', 'Service Desk › Service Tickets: Inquire'],
      ['Service Desk › Service Tickets: Add'],
    ),
    allowed.features[2]!,
  ],
};
const integration = (permissions: unknown) => ({
  id: 'i1',
  site: 'api-eu.myconnectwise.net',
  companyId: 'acme',
  codebase: 'v2025_1/',
  publicKeyLast4: 'Pk42',
  privateKeySet: true,
  status: 'CONNECTED',
  lastError: null,
  lastVerifiedAt: '2026-12-05T14:00:00.000Z',
  permissions,
  createdAt: '2026-12-05T14:00:00.000Z',
  createdBy: admin,
  updatedAt: '2026-12-05T14:00:00.000Z',
  updatedBy: admin,
});

function server(initial: ReturnType<typeof integration> | null, handlers: Parameters<typeof graphqlFetch>[0] = {}) {
  const state = { current: initial };
  const fake = graphqlFetch({
    ConnectWiseIntegration: () => ({ data: { connectWiseIntegration: state.current } }),
    JumpCloudConnectionCard: () => ({ data: { jumpCloudConnection: null } }),
    ...handlers,
  });
  return { ...fake, state };
}

function button(wrapper: Awaited<ReturnType<typeof mountScreen>>['wrapper'], text: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

describe('API member permissions on the Integrations screen', () => {
  it('guides the set-up before Configure: the role per feature, the API member, the site per region and on-premise', async () => {
    const fake = server(null);
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: fake.fetch });
    await button(wrapper, 'Configure').trigger('click');
    await flushPromises();

    const guide = wrapper.get('details.guide');
    expect(guide.attributes('open')).toBeDefined();
    const text = guide.text();
    expect(text).toContain('System › Security Roles');
    expect(text).toContain('Finance › Agreements: Inquire and Edit');
    expect(text).toContain('Service Desk › Service Tickets: Add, Edit and Inquire');
    expect(text).toContain('Service Desk › Close Service Tickets: Edit');
    expect(text).toContain('API Members');
    for (const host of ['api-na.myconnectwise.net', 'api-eu.myconnectwise.net', 'api-au.myconnectwise.net']) expect(text).toContain(host);
    expect(text).toMatch(/on-premise.+firewall/s);
  });

  it('lists what each feature lacks, by ConnectWise name, and what only a write would tell', async () => {
    const fake = server(integration(ticketingLacking));
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: fake.fetch });

    const billing = wrapper.get('[data-feature="BILLING_SYNC"]');
    expect(billing.get('.badge').text()).toBe('Allowed');
    expect(billing.text()).toContain('Not checked (only a change in ConnectWise would tell): Finance › Agreements: Edit.');
    const ticketing = wrapper.get('[data-feature="TICKETING"]');
    expect(ticketing.get('.badge').text()).toBe('Missing permissions');
    expect(ticketing.findAll('.missing li').map((item) => item.text())).toEqual([
      'System › Table Setup: Inquire (Service / Priority)',
      'Service Desk › Service Tickets: Inquire',
    ]);
    expect(wrapper.get('[data-feature="CLOSING_TICKETS"] .badge').text()).toBe('Allowed');
  });

  it('says after Verify and Save that ticketing lacks permissions, then shows which', async () => {
    const fake = server(null, {
      VerifyAndSaveConnectWise: () => {
        fake.state.current = integration(ticketingLacking);
        return {
          data: {
            verifyAndSaveConnectWiseIntegration: {
              id: 'i1',
              site: 'api-eu.myconnectwise.net',
              companyId: 'acme',
              status: 'CONNECTED',
              permissions: { features: ticketingLacking.features.map(({ label, ready }) => ({ label, ready })) },
            },
          },
        };
      },
    });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: fake.fetch });
    await button(wrapper, 'Configure').trigger('click');
    await wrapper.get('input#site').setValue('api-eu.myconnectwise.net');
    await wrapper.get('input#publicKey').setValue('pub-key-1234');
    await wrapper.get('input#privateKey').setValue('priv-key');
    await wrapper.get('input#companyId').setValue('acme');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('[role="status"]').text()).toContain('Integration has been created. Ticketing lacks permissions in ConnectWise: see below.');
    expect(wrapper.get('[data-feature="TICKETING"]').text()).toContain('Service Desk › Service Tickets: Inquire');
  });

  it('checks again after the role was changed in ConnectWise, and shows the new answer', async () => {
    const fake = server(integration(ticketingLacking), {
      CheckConnectWisePermissions: () => {
        fake.state.current = integration(allowed);
        return { data: { checkConnectWisePermissions: { id: 'i1' } } };
      },
    });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: fake.fetch });
    await button(wrapper, 'Check permissions again').trigger('click');
    await flushPromises();

    expect(fake.requests.map((request) => request.operationName)).toContain('CheckConnectWisePermissions');
    expect(wrapper.get('[data-feature="TICKETING"] .badge').text()).toBe('Allowed');
    expect(wrapper.find('[data-feature="TICKETING"] .missing').exists()).toBe(false);
  });

  it('offers a first check for a connection saved before permissions were checked', async () => {
    const fake = server(integration(null));
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: fake.fetch });
    expect(wrapper.get('[aria-labelledby="cw-permissions-heading"]').text()).toContain('Not checked yet');
    expect(button(wrapper, 'Check permissions').exists()).toBe(true);
  });

  it('names what billing sync lacks when Verify and Save is refused', async () => {
    const fake = server(null, {
      VerifyAndSaveConnectWise: () =>
        graphqlError(
          "API member lacks permission for billing sync: Companies › Company Maintenance: Inquire, Finance › Agreements: Inquire. Grant them to the API member's security role in ConnectWise (System › Security Roles) and verify again.",
          { code: 'CONNECTWISE_PERMISSION_DENIED' },
        ),
    });
    const { wrapper } = await mountScreen(IntegrationsPage, { fetch: fake.fetch });
    await button(wrapper, 'Configure').trigger('click');
    await wrapper.get('input#site').setValue('api-na.myconnectwise.net');
    await wrapper.get('input#publicKey').setValue('pub-key-1234');
    await wrapper.get('input#privateKey').setValue('priv-key');
    await wrapper.get('input#companyId').setValue('acme');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('.form-error').text()).toContain(
      "The API member's security role lacks what billing sync needs: Companies › Company Maintenance: Inquire, Finance › Agreements: Inquire. Add them in ConnectWise Manage (System › Security Roles) and verify again.",
    );
  });
});
