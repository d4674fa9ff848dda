import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { graphqlError, graphqlFetch, mountApp, mountScreen, stubScreens } from '../../app/testing';
import IntegrationHealthBanner from './IntegrationHealthBanner.vue';

enableAutoUnmount(afterEach);

const keysRejected =
  'ConnectWise rejected the API keys (401) on GET company/companies: they are wrong, or were rotated or revoked in ConnectWise. Verify and update the keys on the Integrations screen.';
const connectWise = (status: string, lastError: string | null = null) => ({ id: 'i1', status, lastError });
const jumpCloud = (status: string, lastError: string | null = null) => ({ id: 'j1', status, lastError });

function healthServer(connectWiseIntegration: unknown, jumpCloudConnection: unknown) {
  return graphqlFetch({ IntegrationHealth: () => ({ data: { connectWiseIntegration, jumpCloudConnection } }) });
}

describe('integration health banner', () => {
  it('says ConnectWise is failing, why, and links to the Integrations screen', async () => {
    const server = healthServer(connectWise('FAILING', keysRejected), jumpCloud('CONNECTED'));
    const { wrapper, router } = await mountScreen(IntegrationHealthBanner, { fetch: server.fetch, props: { needs: ['connectWise', 'jumpCloud'] } });

    const banners = wrapper.findAll('[role="alert"]');
    expect(banners).toHaveLength(1);
    expect(banners[0]!.text()).toContain('ConnectWise Manage is failing.');
    expect(banners[0]!.text()).toContain(keysRejected);
    const link = banners[0]!.get('a');
    expect(link.text()).toBe('Fix it on the Integrations screen');
    expect(link.attributes('href')).toBe(router.resolve({ name: 'integrations' }).href);
  });

  it('shows one banner per failing integration the screen depends on, and none for the others', async () => {
    const server = healthServer(connectWise('FAILING', keysRejected), jumpCloud('FAILING', 'JumpCloud rejected the API key (401)'));

    const both = await mountScreen(IntegrationHealthBanner, { fetch: server.fetch, props: { needs: ['connectWise', 'jumpCloud'] } });
    expect(both.wrapper.findAll('[role="alert"]').map((banner) => banner.attributes('data-integration'))).toEqual(['connectWise', 'jumpCloud']);
    both.wrapper.unmount();

    const onlyConnectWise = await mountScreen(IntegrationHealthBanner, { fetch: server.fetch, props: { needs: ['connectWise'] } });
    expect(onlyConnectWise.wrapper.findAll('[role="alert"]').map((banner) => banner.attributes('data-integration'))).toEqual(['connectWise']);
  });

  it('shows nothing while everything is connected, before anything is connected, or when the status cannot be read', async () => {
    for (const server of [
      healthServer(connectWise('CONNECTED'), jumpCloud('CONNECTED')),
      healthServer(null, null),
      graphqlFetch({ IntegrationHealth: () => graphqlError('Forbidden', { code: 'FORBIDDEN' }) }),
    ]) {
      const { wrapper } = await mountScreen(IntegrationHealthBanner, { fetch: server.fetch, props: { needs: ['connectWise', 'jumpCloud'] } });
      expect(wrapper.find('[role="alert"]').exists()).toBe(false);
      wrapper.unmount();
    }
  });
});

describe('app shell', () => {
  const viewer = { id: 'a1', email: 'ada@example.com', roles: ['BILLING'], provider: { id: 'p1', name: 'Acme MSP' } };
  const screen = (name: string, dependsOn?: ('connectWise' | 'jumpCloud')[]) => ({
    path: name,
    name,
    label: name,
    dependsOn,
    component: async () => defineComponent({ render: () => h('h1', `${name} screen`) }),
  });

  it('shows the banner above every screen that depends on a failing integration, and only there', async () => {
    const server = graphqlFetch({
      ShellViewer: () => ({ data: { viewer } }),
      IntegrationHealth: () => ({ data: { connectWiseIntegration: connectWise('FAILING', keysRejected), jumpCloudConnection: null } }),
    });
    const screens = [...stubScreens, screen('integrations'), screen('sync', ['connectWise', 'jumpCloud']), screen('audit-log')];
    const { wrapper, router } = await mountApp({ path: '/sync', signedIn: true, fetch: server.fetch, screens });

    expect(wrapper.get('main [role="alert"]').text()).toContain('ConnectWise Manage is failing.');
    expect(wrapper.get('main h1').text()).toBe('sync screen');

    await router.push('/audit-log');
    await new Promise((resolve) => setTimeout(resolve));
    expect(wrapper.get('main h1').text()).toBe('audit-log screen');
    expect(wrapper.find('main [role="alert"]').exists()).toBe(false);
    expect(server.requests.filter((request) => request.operationName === 'IntegrationHealth')).toHaveLength(1);
  });
});
