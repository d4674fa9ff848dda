import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNED_IN_STORAGE_KEY } from '../../app/auth';
import { expectOnlySignedInFlagStored, graphqlError, graphqlFetch, mountApp } from '../../app/testing';

enableAutoUnmount(afterEach);

const viewer = { id: 'a1', email: 'ada@example.com', roles: ['BILLING'], provider: { id: 'p1', name: 'Acme MSP' } };

/** Opens `/setup` as the browser does from the link: the token in the address bar's fragment. */
async function openSetupLink(fetch: typeof globalThis.fetch, hash: string) {
  window.history.replaceState(null, '', `/setup${hash}`);
  return mountApp({ path: '/setup', fetch });
}

async function choosePassword(wrapper: VueWrapper, password: string, repeated: string) {
  await wrapper.get('input#new-password').setValue(password);
  await wrapper.get('input#repeat-password').setValue(repeated);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

describe('setup link page', () => {
  it('takes the token out of the address bar, sets the password with it and signs in', async () => {
    const server = graphqlFetch({
      RedeemSetupLink: () => ({ data: { redeemSetupLink: { secondFactorRequired: false } } }),
      ShellViewer: () => ({ data: { viewer } }),
    });
    const { wrapper, router } = await openSetupLink(server.fetch, '#hw_setup_link');

    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/setup');
    expect(wrapper.get('h1').text()).toBe('Set your password');
    expect(wrapper.get('#new-password-hint').text()).toContain('At least 12 characters');
    expect(wrapper.get('input#new-password').attributes('autocomplete')).toBe('new-password');

    await choosePassword(wrapper, 'correct horse battery', 'correct horse battery');

    expect(server.requests[0]).toMatchObject({
      operationName: 'RedeemSetupLink',
      authorization: null,
      variables: { token: 'hw_setup_link', password: 'correct horse battery' },
    });
    expectOnlySignedInFlagStored();
    expect(router.currentRoute.value.name).toBe('status');
  });

  it('checks the length and that both passwords match before sending anything', async () => {
    const server = graphqlFetch({});
    const { wrapper } = await openSetupLink(server.fetch, '#hw_setup_link');

    await choosePassword(wrapper, 'too short', 'too short');
    expect(wrapper.get('#new-password-error').text()).toBe('Use at least 12 characters.');
    expect(document.activeElement).toBe(wrapper.get('input#new-password').element);

    await choosePassword(wrapper, 'correct horse battery', 'correct horse batery');
    expect(wrapper.find('#new-password-error').exists()).toBe(false);
    expect(wrapper.get('#repeat-password-error').text()).toBe('The passwords do not match. Type the same password twice.');
    expect(wrapper.get('input#repeat-password').attributes('aria-describedby')).toContain('repeat-password-error');
    expect(document.activeElement).toBe(wrapper.get('input#repeat-password').element);
    expect(server.requests).toHaveLength(0);
  });

  it('explains an expired or used link and signs nobody in', async () => {
    const server = graphqlFetch({
      RedeemSetupLink: () =>
        graphqlError('This setup link has expired or was already used', { code: 'BAD_USER_INPUT', field: 'token' }),
    });
    const { wrapper, router } = await openSetupLink(server.fetch, '#hw_old_link');

    await choosePassword(wrapper, 'correct horse battery', 'correct horse battery');

    const error = wrapper.get('#setup-link-error');
    expect(error.attributes('role')).toBe('alert');
    expect(error.text()).toContain('This setup link has expired or was already used.');
    expect(error.text()).toContain('ask another admin for a new one');
    expect(document.activeElement).toBe(wrapper.get('.form-error').element);
    expect(window.localStorage.getItem(SIGNED_IN_STORAGE_KEY)).toBeNull();
    expect(router.currentRoute.value.name).toBe('setup');
  });

  it("shows the server's reason for a weak password at the password field", async () => {
    const server = graphqlFetch({
      RedeemSetupLink: () =>
        graphqlError('This password is too common; choose a less predictable one', {
          code: 'BAD_USER_INPUT',
          field: 'password',
        }),
    });
    const { wrapper } = await openSetupLink(server.fetch, '#hw_setup_link');

    await choosePassword(wrapper, 'password1234', 'password1234');

    expect(wrapper.get('#new-password-error').text()).toBe('This password is too common; choose a less predictable one.');
    expect(document.activeElement).toBe(wrapper.get('input#new-password').element);
  });

  it('shows the server refusing a password known from data breaches at the password field', async () => {
    const server = graphqlFetch({
      RedeemSetupLink: () =>
        graphqlError('this password has appeared 1,234 times in known data breaches; choose another', {
          code: 'BAD_USER_INPUT',
          field: 'password',
        }),
    });
    const { wrapper } = await openSetupLink(server.fetch, '#hw_setup_link');

    await choosePassword(wrapper, 'sunshine and rainbows forever', 'sunshine and rainbows forever');

    expect(wrapper.get('#new-password-error').text()).toBe('This password has appeared 1,234 times in known data breaches; choose another.');
    expect(document.activeElement).toBe(wrapper.get('input#new-password').element);
  });

  it('says the link is incomplete when the address has no token', async () => {
    const server = graphqlFetch({});
    const { wrapper } = await openSetupLink(server.fetch, '');

    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.get('[role="alert"]').text()).toBe('This setup link is incomplete.');
  });
});
