import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY } from '../../app/auth';
import { graphqlFetch, mountApp, unauthenticated } from '../../app/testing';

enableAutoUnmount(afterEach);

const viewer = { id: 'a1', email: 'ada@example.com', roles: ['BILLING'], provider: { id: 'p1', name: 'Acme MSP' } };

describe('login screen', () => {
  it('asks for a token when the field is empty, without calling the server', async () => {
    const server = graphqlFetch({});
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const input = wrapper.get('input#api-token');
    expect(wrapper.get('[role="alert"]').text()).toBe('Paste an API token to sign in.');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(input.attributes('aria-describedby')).toContain('api-token-error');
    expect(document.activeElement).toBe(input.element);
    expect(server.requests).toHaveLength(0);
  });

  it("shows the server's error next to the field when the token is rejected, and keeps nothing", async () => {
    const server = graphqlFetch({ StartBrowserSession: () => unauthenticated('Unknown or revoked API token') });
    const { wrapper, router } = await mountApp({ path: '/', fetch: server.fetch });

    await wrapper.get('input#api-token').setValue('  hw_wrong  ');
    await wrapper.get('button[type="submit"]').trigger('click');
    await flushPromises();

    expect(server.requests).toEqual([
      expect.objectContaining({
        operationName: 'StartBrowserSession',
        method: 'POST',
        authorization: 'Bearer hw_wrong',
      }),
    ]);
    const error = wrapper.get('#api-token-error');
    expect(error.text()).toBe('Unknown or revoked API token (UNAUTHENTICATED)');
    expect(error.attributes('role')).toBe('alert');
    expect(document.activeElement).toBe(wrapper.get('input#api-token').element);
    expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(router.currentRoute.value.name).toBe('login');
  });

  it('reports an unreachable server', async () => {
    const server = graphqlFetch({
      StartBrowserSession: () => new Response('Bad gateway', { status: 502, statusText: 'Bad Gateway' }),
    });
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });

    await wrapper.get('input#api-token').setValue('hw_token');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#api-token-error').text()).toBe('Could not reach the server: Bad Gateway');
  });

  it('trades an accepted API token for a browser session, keeps only the session and opens the app shell', async () => {
    const server = graphqlFetch({
      StartBrowserSession: () => ({ data: { startBrowserSession: { token: 'hw_session' } } }),
      ShellViewer: () => ({ data: { viewer } }),
    });
    const { wrapper, router } = await mountApp({ path: '/', fetch: server.fetch });

    await wrapper.get('input#api-token').setValue('hw_good');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(server.requests[0]).toMatchObject({ operationName: 'StartBrowserSession', authorization: 'Bearer hw_good' });
    expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('hw_session');
    expect(Object.keys(window.localStorage)).toEqual([TOKEN_STORAGE_KEY]);
    expect(router.currentRoute.value.name).toBe('status');
    expect(wrapper.get('header').text()).toContain('Acme MSP');
    expect(wrapper.get('header').text()).toContain('ada@example.com');
    // By the trusted document's id, not its text: what a server limiting browser sessions accepts.
    expect(server.requests.at(-1)).toMatchObject({
      operationName: 'ShellViewer',
      authorization: 'Bearer hw_session',
      documentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      query: null,
    });
  });

  it('returns to the page the admin was sent away from', async () => {
    const server = graphqlFetch({
      StartBrowserSession: () => ({ data: { startBrowserSession: { token: 'hw_session' } } }),
      ShellViewer: () => ({ data: { viewer } }),
    });
    const { wrapper, router } = await mountApp({ path: '/status?tab=x', fetch: server.fetch });
    expect(router.currentRoute.value.query.redirect).toBe('/status?tab=x');

    await wrapper.get('input#api-token').setValue('hw_good');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(router.currentRoute.value.fullPath).toBe('/status?tab=x');
  });
});
