import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { TOKEN_STORAGE_KEY } from './auth';
import { SESSION_ENDED_NOTICE } from './session';
import { graphqlFetch, mountApp, stubScreens, unauthenticated } from './testing';

enableAutoUnmount(afterEach);

const viewer = { id: 'a1', email: 'ada@example.com', provider: { id: 'p1', name: 'Acme MSP' } };

describe('app shell', () => {
  it('shows the provider, the signed-in admin and a navigation entry per screen', async () => {
    const server = graphqlFetch({ ShellViewer: () => ({ data: { viewer } }) });
    const screens = [
      ...stubScreens,
      {
        path: 'sync',
        name: 'sync',
        label: 'Sync',
        component: async () => defineComponent({ render: () => h('h1', 'Sync') }),
      },
    ];
    const { wrapper, router } = await mountApp({ path: '/', token: 'hw_good', fetch: server.fetch, screens });

    expect(router.currentRoute.value.name).toBe('status');
    expect(wrapper.get('header').text()).toContain('Acme MSP');
    expect(wrapper.get('header').text()).toContain('ada@example.com');
    const links = wrapper.get('nav[aria-label="Main"]').findAll('a');
    expect(links.map((link) => link.text())).toEqual(['Status', 'Sync']);
    expect(links[0]?.attributes('aria-current')).toBe('page');
    expect(wrapper.get('main h1').text()).toBe('Status screen');
  });

  it('logging out ends the session on the server, forgets the token and shows the login screen', async () => {
    const server = graphqlFetch({ ShellViewer: () => ({ data: { viewer } }), EndBrowserSession: () => ({ data: { endBrowserSession: true } }) });
    const { wrapper, router } = await mountApp({ path: '/status', token: 'hw_good', fetch: server.fetch });

    await wrapper.get('button.logout').trigger('click');
    await flushPromises();

    expect(server.requests.find((request) => request.operationName === 'EndBrowserSession')).toMatchObject({ authorization: 'Bearer hw_good' });
    expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(router.currentRoute.value.name).toBe('login');
    expect(wrapper.get('h1').text()).toBe('Sign in to highwater');
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
  });

  it('signs out with a notice when the server no longer accepts the stored token', async () => {
    const server = graphqlFetch({ ShellViewer: () => unauthenticated('API token revoked') });
    const { wrapper, router } = await mountApp({ path: '/status', token: 'hw_revoked', fetch: server.fetch });
    await flushPromises();

    expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/status');
    expect(wrapper.get('[role="status"]').text()).toBe(SESSION_ENDED_NOTICE);
  });

  it('sends a signed-out visitor to the login screen', async () => {
    const server = graphqlFetch({});
    const { wrapper, router } = await mountApp({ path: '/status', fetch: server.fetch });

    expect(router.currentRoute.value.name).toBe('login');
    expect(wrapper.get('label[for="api-token"]').text()).toBe('API token');
    expect(server.requests).toHaveLength(0);
  });
});
