import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { SIGNED_IN_STORAGE_KEY } from './auth';
import { SESSION_ENDED_NOTICE } from './session';
import { screens as appScreens } from './screens';
import { graphqlFetch, mountApp, stubScreens, unauthenticated } from './testing';

enableAutoUnmount(afterEach);

const viewer = { id: 'a1', email: 'ada@example.com', roles: ['BILLING', 'ADMIN'], provider: { id: 'p1', name: 'Acme MSP' } };
/** An admin of the MSP who may manage admins but not billing. */
const adminOnly = { ...viewer, roles: ['ADMIN'] };

function stub(path: string, label: string, roles?: ('ADMIN' | 'BILLING')[]) {
  return { path, name: path, label, roles, component: async () => ({ render: () => h('h1', `${label} screen`) }) };
}

/** Two Billing screens around one every admin may use, the first where `/` lands for a Billing admin. */
const roleScreens = [stub('integrations', 'Integrations', ['BILLING']), stub('status', 'Status'), stub('audit-log', 'Audit log', ['BILLING'])];

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
    const { wrapper, router } = await mountApp({ path: '/', signedIn: true, fetch: server.fetch, screens });

    expect(router.currentRoute.value.name).toBe('status');
    expect(wrapper.get('header').text()).toContain('Acme MSP');
    expect(wrapper.get('header').text()).toContain('ada@example.com');
    const links = wrapper.get('nav[aria-label="Main"]').findAll('a');
    expect(links.map((link) => link.text())).toEqual(['Status', 'Sync']);
    expect(links[0]?.attributes('aria-current')).toBe('page');
    expect(wrapper.get('main h1').text()).toBe('Status screen');
  });

  it('logging out ends the session on the server (by its cookie), forgets it and shows the login screen', async () => {
    const server = graphqlFetch({ ShellViewer: () => ({ data: { viewer } }), EndBrowserSession: () => ({ data: { endBrowserSession: true } }) });
    const { wrapper, router } = await mountApp({ path: '/status', signedIn: true, fetch: server.fetch });

    await wrapper.get('button.logout').trigger('click');
    await flushPromises();

    expect(server.requests.find((request) => request.operationName === 'EndBrowserSession')).toMatchObject({ authorization: null, credentials: 'same-origin' });
    expect(window.localStorage.getItem(SIGNED_IN_STORAGE_KEY)).toBeNull();
    expect(router.currentRoute.value.name).toBe('login');
    expect(wrapper.get('h1').text()).toBe('Sign in to highwater');
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
  });

  it('signs out with a notice when the server says the session has ended', async () => {
    const server = graphqlFetch({ ShellViewer: () => unauthenticated('API token revoked') });
    const { wrapper, router } = await mountApp({ path: '/status', signedIn: true, fetch: server.fetch });
    await flushPromises();

    expect(window.localStorage.getItem(SIGNED_IN_STORAGE_KEY)).toBeNull();
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/status');
    expect(wrapper.get('[role="status"]').text()).toBe(SESSION_ENDED_NOTICE);
  });

  it('sends a signed-out visitor to the login screen', async () => {
    const server = graphqlFetch({});
    const { wrapper, router } = await mountApp({ path: '/status', fetch: server.fetch });

    expect(router.currentRoute.value.name).toBe('login');
    expect(wrapper.get('main h1').text()).toBe('Sign in to highwater');
    expect(wrapper.get('label[for="email"]').text()).toBe('Email');
    expect(server.requests).toHaveLength(0);
  });

  it("offers only the screens the viewer's roles allow, and lands on the first of them", async () => {
    const server = graphqlFetch({ ShellViewer: () => ({ data: { viewer: adminOnly } }) });
    const { wrapper, router } = await mountApp({ path: '/', signedIn: true, fetch: server.fetch, screens: roleScreens });
    await flushPromises();

    const links = wrapper.get('nav[aria-label="Main"]').findAll('a');
    expect(links.map((link) => link.text())).toEqual(['Status']);
    expect(router.currentRoute.value.name).toBe('status');
    expect(wrapper.get('main h1').text()).toBe('Status screen');
  });

  it('offers every screen to a viewer with the Billing role', async () => {
    const server = graphqlFetch({ ShellViewer: () => ({ data: { viewer } }) });
    const { wrapper, router } = await mountApp({ path: '/', signedIn: true, fetch: server.fetch, screens: roleScreens });
    await flushPromises();

    const links = wrapper.get('nav[aria-label="Main"]').findAll('a');
    expect(links.map((link) => link.text())).toEqual(['Integrations', 'Status', 'Audit log']);
    expect(router.currentRoute.value.name).toBe('integrations');
    expect(wrapper.get('main h1').text()).toBe('Integrations screen');
  });

  it('explains on a direct link which role the screen needs, instead of the screen and its errors', async () => {
    const server = graphqlFetch({ ShellViewer: () => ({ data: { viewer: adminOnly } }) });
    // The real screens: nothing of Integrations may be asked of the server (it would answer FORBIDDEN).
    const { wrapper, router } = await mountApp({ path: '/integrations', signedIn: true, fetch: server.fetch, screens: appScreens });
    await flushPromises();

    expect(router.currentRoute.value.name).toBe('integrations');
    const main = wrapper.get('main');
    const heading = main.get('h1');
    expect(heading.text()).toContain('Integrations');
    expect(heading.text()).toContain('Billing role');
    expect(document.activeElement).toBe(heading.element);
    expect(main.text()).toContain('This screen needs the Billing role. Ask an admin of your MSP to give it to you.');
    expect(main.text()).toContain('Your roles: Admin.');
    expect(main.text()).not.toContain('Not connected');
    // An Admin-only viewer's first screen is People.
    expect(main.get('a[href="/people"]').text()).toContain('People');
    expect(server.requests.map((request) => request.operationName)).toEqual(['ShellViewer']);
  });

  it('says so when the viewer has no role at all', async () => {
    const server = graphqlFetch({ ShellViewer: () => ({ data: { viewer: { ...viewer, roles: [] } } }) });
    const { wrapper } = await mountApp({ path: '/audit-log', signedIn: true, fetch: server.fetch, screens: roleScreens });
    await flushPromises();

    expect(wrapper.get('main h1').text()).toContain('Billing role');
    expect(wrapper.get('main').text()).toContain('You have no roles yet.');
    expect(wrapper.get('main').text()).not.toContain('Audit log screen');
  });
});
