import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { graphqlError, graphqlFetch, mountApp, mountScreen } from '../../app/testing';
import AccountPage from './AccountPage.vue';

enableAutoUnmount(afterEach);

const QR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><rect id="qr-drawn" width="29" height="29"/></svg>';
const RECOVERY_CODES = Array.from({ length: 10 }, (_, index) => `rc${index}-abcd-efgh`);

function button(wrapper: VueWrapper, text: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

/** A server that remembers what the admin changed, so the page's re-read shows it. */
function accountServer(initial: { hasPassword: boolean; totpEnabled: boolean }, overrides = {}) {
  const state = { ...initial };
  return {
    state,
    server: graphqlFetch({
      AccountSecurity: () => ({ data: { viewer: { __typename: 'Admin', id: 'a1', email: 'ada@example.com', ...state } } }),
      SetPassword: () => {
        state.hasPassword = true;
        return { data: { setPassword: true } };
      },
      BeginTotpEnrolment: () => ({
        data: {
          beginTotpEnrolment: {
            __typename: 'TotpEnrolment',
            secret: 'JBSWY3DPEHPK3PXP',
            otpauthUri: 'otpauth://totp/highwater:ada@example.com?secret=JBSWY3DPEHPK3PXP',
            qrSvg: QR_SVG,
          },
        },
      }),
      ConfirmTotpEnrolment: () => {
        state.totpEnabled = true;
        return { data: { confirmTotpEnrolment: RECOVERY_CODES } };
      },
      DisableTotp: () => {
        state.totpEnabled = false;
        return { data: { disableTotp: true } };
      },
      ...overrides,
    }),
  };
}

function statusOf(wrapper: VueWrapper, term: string) {
  const terms = wrapper.findAll('dt');
  const index = terms.findIndex((dt) => dt.text() === term);
  return wrapper.findAll('dd')[index]?.text();
}

describe('account security screen', () => {
  it('sets a first password without asking for a current one, then shows it as set', async () => {
    const { server } = accountServer({ hasPassword: false, totpEnabled: false });
    const { wrapper } = await mountScreen(AccountPage, { fetch: server.fetch });

    expect(statusOf(wrapper, 'Password')).toBe('Not set');
    expect(wrapper.find('input#current-password').exists()).toBe(false);
    await wrapper.get('input#new-password').setValue('correct horse battery');
    await wrapper.get('input#repeat-password').setValue('correct horse battery');
    await button(wrapper, 'Set password').trigger('click');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'SetPassword')?.variables).toEqual({
      currentPassword: null,
      newPassword: 'correct horse battery',
    });
    expect(wrapper.get('[role="status"]').text()).toContain('Your password has been set.');
    expect(statusOf(wrapper, 'Password')).toBe('Set');
    expect(wrapper.find('input#current-password').exists()).toBe(true);
    expect((wrapper.get('input#new-password').element as HTMLInputElement).value).toBe('');
  });

  it('changes a password with the current one, showing a wrong current password at its field', async () => {
    const { server } = accountServer(
      { hasPassword: true, totpEnabled: false },
      {
        SetPassword: () =>
          graphqlError('The current password is wrong', { code: 'BAD_USER_INPUT', field: 'currentPassword' }),
      },
    );
    const { wrapper } = await mountScreen(AccountPage, { fetch: server.fetch });

    await button(wrapper, 'Change password').trigger('click');
    await flushPromises();
    expect(wrapper.get('#current-password-error').text()).toBe('Enter your current password.');
    expect(server.requests.some((r) => r.operationName === 'SetPassword')).toBe(false);

    await wrapper.get('input#current-password').setValue('old password here');
    await wrapper.get('input#new-password').setValue('correct horse battery');
    await wrapper.get('input#repeat-password').setValue('correct horse battery');
    await button(wrapper, 'Change password').trigger('click');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'SetPassword')?.variables).toEqual({
      currentPassword: 'old password here',
      newPassword: 'correct horse battery',
    });
    expect(wrapper.get('#current-password-error').text()).toBe('The current password is wrong.');
    expect(document.activeElement).toBe(wrapper.get('input#current-password').element);
  });

  it('shows why the server refused a password known from data breaches at the new password, and keeps it unset', async () => {
    const { server, state } = accountServer(
      { hasPassword: false, totpEnabled: false },
      {
        SetPassword: () =>
          graphqlError('this password has appeared 1,234 times in known data breaches; choose another', {
            code: 'BAD_USER_INPUT',
            field: 'password',
          }),
      },
    );
    const { wrapper } = await mountScreen(AccountPage, { fetch: server.fetch });

    await wrapper.get('input#new-password').setValue('sunshine and rainbows forever');
    await wrapper.get('input#repeat-password').setValue('sunshine and rainbows forever');
    await button(wrapper, 'Set password').trigger('click');
    await flushPromises();

    expect(wrapper.get('#new-password-error').text()).toBe('This password has appeared 1,234 times in known data breaches; choose another.');
    expect(document.activeElement).toBe(wrapper.get('input#new-password').element);
    expect(state.hasPassword).toBe(false);
    expect(statusOf(wrapper, 'Password')).toBe('Not set');
  });

  it('sets up two-factor: QR code and key, then the recovery codes once', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { server } = accountServer({ hasPassword: true, totpEnabled: false });
    const { wrapper } = await mountScreen(AccountPage, { fetch: server.fetch });
    expect(statusOf(wrapper, 'Two-factor')).toBe('Off');

    await button(wrapper, 'Set up two-factor').trigger('click');
    await flushPromises();

    const qr = wrapper.get('[role="img"]');
    expect(qr.attributes('aria-label')).toBe('QR code for your authenticator app');
    expect(qr.find('svg #qr-drawn').exists()).toBe(true);
    expect(wrapper.text()).toContain('JBSWY3DPEHPK3PXP');
    const code = wrapper.get('input#totp-code');
    expect(code.attributes('inputmode')).toBe('numeric');
    expect(code.attributes('autocomplete')).toBe('one-time-code');
    expect(document.activeElement).toBe(code.element);

    await code.setValue('123 456');
    await button(wrapper, 'Turn on two-factor').trigger('click');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'ConfirmTotpEnrolment')?.variables).toEqual({ code: '123456' });
    expect(wrapper.findAll('.codes li').map((li) => li.text())).toEqual(RECOVERY_CODES);
    expect(wrapper.find('[role="img"]').exists()).toBe(false);
    expect(statusOf(wrapper, 'Two-factor')).toBe('On');

    await button(wrapper, 'Copy').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(RECOVERY_CODES.join('\n'));
    expect(wrapper.text()).toContain('Copied to the clipboard.');

    await button(wrapper, 'I have saved them').trigger('click');
    await flushPromises();
    expect(wrapper.text()).not.toContain(RECOVERY_CODES[0]);
    expect(wrapper.find('.codes').exists()).toBe(false);
    expect(button(wrapper, 'Turn off two-factor').exists()).toBe(true);
    vi.unstubAllGlobals();
  });

  it('keeps the enrolment open and focuses the code field when the code is wrong', async () => {
    const { server } = accountServer(
      { hasPassword: true, totpEnabled: false },
      { ConfirmTotpEnrolment: () => graphqlError('That code is wrong', { code: 'UNAUTHENTICATED', field: 'code' }) },
    );
    const { wrapper } = await mountScreen(AccountPage, { fetch: server.fetch });
    await button(wrapper, 'Set up two-factor').trigger('click');
    await flushPromises();

    await wrapper.get('input#totp-code').setValue('000000');
    button(wrapper, 'Turn on two-factor').element.focus();
    await wrapper.get('.two-factor form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#totp-code-error').text()).toBe('That code is wrong.');
    expect(document.activeElement).toBe(wrapper.get('input#totp-code').element);
    expect(wrapper.find('[role="img"]').exists()).toBe(true);
  });

  it('turns two-factor off after asking for the password', async () => {
    const { server } = accountServer({ hasPassword: true, totpEnabled: true });
    const { wrapper } = await mountScreen(AccountPage, { fetch: server.fetch });
    expect(statusOf(wrapper, 'Two-factor')).toBe('On');

    await button(wrapper, 'Turn off two-factor').trigger('click');
    await flushPromises();
    const password = wrapper.get('input#disable-totp-password');
    expect(document.activeElement).toBe(password.element);

    await button(wrapper, 'Turn off two-factor').trigger('click');
    await flushPromises();
    expect(wrapper.get('#disable-totp-password-error').text()).toBe('Enter your password to turn off two-factor.');
    expect(server.requests.some((r) => r.operationName === 'DisableTotp')).toBe(false);

    await password.setValue('correct horse battery');
    await button(wrapper, 'Turn off two-factor').trigger('click');
    await flushPromises();

    expect(server.requests.find((r) => r.operationName === 'DisableTotp')?.variables).toEqual({
      password: 'correct horse battery',
    });
    expect(wrapper.get('[role="status"]').text()).toContain('Two-factor sign-in is off.');
    expect(statusOf(wrapper, 'Two-factor')).toBe('Off');
    expect(button(wrapper, 'Set up two-factor').exists()).toBe(true);
  });
});

describe('account security screen in the signed-in app', () => {
  it('keeps the admin signed in when the server rejects a typed code or password as UNAUTHENTICATED', async () => {
    const { server } = accountServer(
      { hasPassword: true, totpEnabled: true },
      {
        ShellViewer: () => ({
          data: { viewer: { id: 'a1', email: 'ada@example.com', roles: [], provider: { id: 'p1', name: 'Acme MSP' } } },
        }),
        DisableTotp: () => graphqlError('Password is wrong', { code: 'UNAUTHENTICATED', field: 'password' }),
      },
    );
    const { wrapper, auth, router } = await mountApp({
      path: '/account',
      fetch: server.fetch,
      signedIn: true,
      screens: [{ path: 'account', name: 'account', label: 'Account', component: () => import('./AccountPage.vue') }],
    });
    await flushPromises();

    await button(wrapper, 'Turn off two-factor').trigger('click');
    await flushPromises();
    await wrapper.get('input#disable-totp-password').setValue('not my password');
    await button(wrapper, 'Turn off two-factor').trigger('click');
    await flushPromises();

    expect(wrapper.get('#disable-totp-password-error').text()).toBe('Password is wrong.');
    expect(auth.signedIn.value).toBe(true);
    expect(router.currentRoute.value.name).toBe('account');
  });
});
