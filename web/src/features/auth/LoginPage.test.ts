import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNED_IN_STORAGE_KEY } from '../../app/auth';
import { expectOnlySignedInFlagStored, graphqlError, graphqlFetch, mountApp, unauthenticated } from '../../app/testing';

enableAutoUnmount(afterEach);

const viewer = { id: 'a1', email: 'ada@example.com', roles: ['BILLING'], provider: { id: 'p1', name: 'Acme MSP' } };

/** The token form is the secondary way in, behind a button. */
async function useApiToken(wrapper: VueWrapper) {
  const toggle = wrapper.findAll('button').find((button) => button.text() === 'Use an API token');
  if (!toggle) throw new Error('No "Use an API token" button');
  await toggle.trigger('click');
  await flushPromises();
}

describe('login screen with an API token', () => {
  it('asks for a token when the field is empty, without calling the server', async () => {
    const server = graphqlFetch({});
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });
    await useApiToken(wrapper);

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
    await useApiToken(wrapper);

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
    expect(window.localStorage.getItem(SIGNED_IN_STORAGE_KEY)).toBeNull();
    expect(router.currentRoute.value.name).toBe('login');
  });

  it('reports an unreachable server', async () => {
    const server = graphqlFetch({
      StartBrowserSession: () => new Response('Bad gateway', { status: 502, statusText: 'Bad Gateway' }),
    });
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });
    await useApiToken(wrapper);

    await wrapper.get('input#api-token').setValue('hw_token');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#api-token-error').text()).toBe('Could not reach the server: Bad Gateway');
  });

  it('trades an accepted API token for a browser session, keeps only the session and opens the app shell', async () => {
    const server = graphqlFetch({
      StartBrowserSession: () => ({ data: { startBrowserSession: { apiToken: { id: 't1' } } } }),
      ShellViewer: () => ({ data: { viewer } }),
    });
    const { wrapper, router } = await mountApp({ path: '/', fetch: server.fetch });
    await useApiToken(wrapper);

    await wrapper.get('input#api-token').setValue('hw_good');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(server.requests[0]).toMatchObject({ operationName: 'StartBrowserSession', authorization: 'Bearer hw_good' });
    expectOnlySignedInFlagStored();
    expect(router.currentRoute.value.name).toBe('status');
    expect(wrapper.get('header').text()).toContain('Acme MSP');
    expect(wrapper.get('header').text()).toContain('ada@example.com');
    // By the trusted document's id, not its text: what a server limiting browser sessions accepts.
    expect(server.requests.at(-1)).toMatchObject({
      operationName: 'ShellViewer',
      authorization: null,
      credentials: 'same-origin',
      documentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      query: null,
    });
  });

  it('returns to the page the admin was sent away from', async () => {
    const server = graphqlFetch({
      StartBrowserSession: () => ({ data: { startBrowserSession: { apiToken: { id: 't1' } } } }),
      ShellViewer: () => ({ data: { viewer } }),
    });
    const { wrapper, router } = await mountApp({ path: '/status?tab=x', fetch: server.fetch });
    expect(router.currentRoute.value.query.redirect).toBe('/status?tab=x');
    await useApiToken(wrapper);

    await wrapper.get('input#api-token').setValue('hw_good');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(router.currentRoute.value.fullPath).toBe('/status?tab=x');
  });
});

/** Finds a button by its visible text, as an admin would. */
function button(wrapper: VueWrapper, text: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

async function submitPassword(wrapper: VueWrapper, email: string, password: string) {
  await wrapper.get('input#email').setValue(email);
  await wrapper.get('input#password').setValue(password);
  await button(wrapper, 'Sign in').trigger('click');
  await flushPromises();
}

describe('login screen with email and password', () => {
  it('signs in with email and password, keeps only the session and opens the app shell', async () => {
    const server = graphqlFetch({
      SignInWithPassword: () => ({ data: { signInWithPassword: { secondFactorRequired: false } } }),
      ShellViewer: () => ({ data: { viewer } }),
    });
    const { wrapper, router } = await mountApp({ path: '/', fetch: server.fetch });

    expect(wrapper.get('input#email').attributes('autocomplete')).toBe('username');
    expect(wrapper.get('input#password').attributes('autocomplete')).toBe('current-password');
    await submitPassword(wrapper, ' ada@example.com ', 'correct horse battery');

    expect(server.requests[0]).toMatchObject({
      operationName: 'SignInWithPassword',
      authorization: null,
      variables: { email: 'ada@example.com', password: 'correct horse battery', code: null },
    });
    expectOnlySignedInFlagStored();
    expect(router.currentRoute.value.name).toBe('status');
    expect(server.requests.at(-1)).toMatchObject({ operationName: 'ShellViewer', authorization: null,
      credentials: 'same-origin' });
  });

  it('asks for the missing email and password without calling the server', async () => {
    const server = graphqlFetch({});
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });

    await button(wrapper, 'Sign in').trigger('click');
    await flushPromises();

    expect(wrapper.get('#email-error').text()).toBe('Enter your email address.');
    expect(wrapper.get('#password-error').text()).toBe('Enter your password.');
    expect(wrapper.get('input#email').attributes('aria-describedby')).toContain('email-error');
    expect(document.activeElement).toBe(wrapper.get('input#email').element);
    expect(server.requests).toHaveLength(0);
  });

  it('shows a wrong email or password at the password field and keeps nothing', async () => {
    const server = graphqlFetch({ SignInWithPassword: () => unauthenticated('Email or password is wrong') });
    const { wrapper, router } = await mountApp({ path: '/', fetch: server.fetch });

    await submitPassword(wrapper, 'ada@example.com', 'wrong password');

    const password = wrapper.get('input#password');
    expect(wrapper.get('#password-error').text()).toBe('Email or password is wrong.');
    expect(password.attributes('aria-invalid')).toBe('true');
    expect(password.attributes('aria-describedby')).toContain('password-error');
    expect(document.activeElement).toBe(password.element);
    expect(window.localStorage.getItem(SIGNED_IN_STORAGE_KEY)).toBeNull();
    expect(router.currentRoute.value.name).toBe('login');
  });

  it('asks for the authenticator code when the account has two-factor, and sends it with the same email and password', async () => {
    const server = graphqlFetch({
      SignInWithPassword: ({ variables }) =>
        variables.code === '123456'
          ? { data: { signInWithPassword: { secondFactorRequired: false } } }
          : { data: { signInWithPassword: { token: null, secondFactorRequired: true } } },
      ShellViewer: () => ({ data: { viewer } }),
    });
    const { wrapper, router } = await mountApp({ path: '/', fetch: server.fetch });

    await submitPassword(wrapper, 'ada@example.com', 'correct horse battery');

    expect(window.localStorage.getItem(SIGNED_IN_STORAGE_KEY)).toBeNull();
    expect(wrapper.find('input#password').exists()).toBe(false);
    const code = wrapper.get('input#code');
    expect(wrapper.get('label[for="code"]').text()).toBe('Authentication code');
    expect(code.attributes('autocomplete')).toBe('one-time-code');
    expect(code.attributes('inputmode')).toBe('numeric');
    expect(document.activeElement).toBe(code.element);

    await code.setValue('123 456');
    await button(wrapper, 'Verify').trigger('click');
    await flushPromises();

    expect(server.requests[1]).toMatchObject({
      operationName: 'SignInWithPassword',
      variables: { email: 'ada@example.com', password: 'correct horse battery', code: '123456' },
    });
    expectOnlySignedInFlagStored();
    expect(router.currentRoute.value.name).toBe('status');
  });

  it('shows a wrong code at the code field and moves focus there', async () => {
    const server = graphqlFetch({
      SignInWithPassword: ({ variables }) =>
        variables.code
          ? graphqlError('That code is wrong or was already used', { code: 'UNAUTHENTICATED', field: 'code' })
          : { data: { signInWithPassword: { token: null, secondFactorRequired: true } } },
    });
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });
    await submitPassword(wrapper, 'ada@example.com', 'correct horse battery');

    // Moved away first, so focus coming back is the form's doing.
    button(wrapper, 'Verify').element.focus();
    await wrapper.get('input#code').setValue('000000');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const code = wrapper.get('input#code');
    expect(wrapper.get('#code-error').text()).toBe('That code is wrong or was already used.');
    expect(wrapper.get('#code-error').attributes('role')).toBe('alert');
    expect(code.attributes('aria-describedby')).toContain('code-error');
    expect(document.activeElement).toBe(code.element);
    expect(window.localStorage.getItem(SIGNED_IN_STORAGE_KEY)).toBeNull();
  });

  it('accepts a recovery code in a field that allows letters', async () => {
    const server = graphqlFetch({
      SignInWithPassword: ({ variables }) =>
        variables.code === 'abcd-efgh'
          ? { data: { signInWithPassword: { secondFactorRequired: false } } }
          : { data: { signInWithPassword: { token: null, secondFactorRequired: true } } },
      ShellViewer: () => ({ data: { viewer } }),
    });
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });
    await submitPassword(wrapper, 'ada@example.com', 'correct horse battery');

    await button(wrapper, 'Use a recovery code').trigger('click');
    await flushPromises();
    expect(wrapper.get('label[for="code"]').text()).toBe('Recovery code');
    expect(wrapper.get('input#code').attributes('inputmode')).toBe('text');
    await wrapper.get('input#code').setValue('abcd-efgh');
    await button(wrapper, 'Verify').trigger('click');
    await flushPromises();

    expectOnlySignedInFlagStored();
  });

  it('says how long to wait when the server throttles sign-in attempts', async () => {
    const server = graphqlFetch({
      SignInWithPassword: () =>
        graphqlError('Too many attempts', { code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 90 }),
    });
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });

    await submitPassword(wrapper, 'ada@example.com', 'anything at all');

    expect(wrapper.get('#password-error').text()).toBe('Too many attempts — try again in 2 minutes.');
    expect(document.activeElement).toBe(wrapper.get('input#password').element);
  });

  it('switches to the API token form and back, focusing the form it opens', async () => {
    const server = graphqlFetch({});
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });

    await useApiToken(wrapper);
    expect(wrapper.find('input#email').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('input#api-token').element);

    await button(wrapper, 'Use email and password').trigger('click');
    await flushPromises();
    expect(wrapper.find('input#api-token').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('input#email').element);
  });
});
