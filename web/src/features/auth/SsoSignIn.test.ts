import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SIGNED_IN_STORAGE_KEY } from '../../app/auth';
import { graphqlError, graphqlFetch, mountApp } from '../../app/testing';
import { browserNavigation } from './sso-errors';

enableAutoUnmount(afterEach);

const viewer = { id: 'a1', email: 'ada@example.com', roles: ['BILLING'], provider: { id: 'p1', name: 'Acme MSP' } };
let go: ReturnType<typeof vi.fn<(url: string) => void>>;
beforeEach(() => {
  go = vi.fn<(url: string) => void>();
  vi.spyOn(browserNavigation, 'go').mockImplementation(go);
});
afterEach(() => vi.restoreAllMocks());

function button(wrapper: VueWrapper, text: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

describe('signing in with single sign-on', () => {
  it('asks for a work email, then leaves for the server, which sends the browser on to the identity provider', async () => {
    const server = graphqlFetch({});
    const { wrapper } = await mountApp({ path: '/status', fetch: server.fetch });
    await button(wrapper, 'Use single sign-on').trigger('click');
    await flushPromises();

    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('#sso-email-error').text()).toBe('Enter your work email address.');
    expect(document.activeElement).toBe(wrapper.get('input#sso-email').element);
    await wrapper.get('input#sso-email').setValue('ada');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('#sso-email-error').text()).toContain('whole work email address');
    expect(go).not.toHaveBeenCalled();

    await wrapper.get('input#sso-email').setValue(' ada@acme.example ');
    await wrapper.get('form').trigger('submit');
    expect(go).toHaveBeenCalledWith('/auth/sso/start?email=ada%40acme.example&redirect=%2Fstatus');
    expect(server.requests).toHaveLength(0);
  });

  it('explains an error the identity provider round trip came back with, by its code', async () => {
    const { wrapper } = await mountApp({ path: '/login?sso_error=SSO_NOT_INVITED', fetch: graphqlFetch({}).fetch });
    expect(wrapper.find('input#sso-email').exists()).toBe(true);
    expect(wrapper.get('#sso-email-error').text()).toContain('Ask an admin of your provider to invite you');
  });

  it('never shows words from the URL: an unknown code gets a general message', async () => {
    const { wrapper } = await mountApp({ path: '/login?sso_error=Your%20account%20is%20locked%2C%20call%20555', fetch: graphqlFetch({}).fetch });
    expect(wrapper.get('#sso-email-error').text()).toBe('Single sign-on failed on our side. Try again, or sign in with your password.');
  });

  it('goes on into the app, to the page asked for, once the server has set the session cookie', async () => {
    const server = graphqlFetch({ ShellViewer: () => ({ data: { viewer } }) });
    const { router } = await mountApp({ path: '/login?signed-in=sso&redirect=%2Fstatus', fetch: server.fetch });
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/status');
    expect(window.localStorage.getItem(SIGNED_IN_STORAGE_KEY)).toBe('true');
  });

  it('switches to single sign-on, keeping the email, when the provider refuses passwords', async () => {
    const server = graphqlFetch({
      SignInWithPassword: () => graphqlError('Your provider signs in with single sign-on only', { code: 'SSO_REQUIRED' }),
    });
    const { wrapper } = await mountApp({ path: '/', fetch: server.fetch });
    await wrapper.get('input#email').setValue('ada@acme.example');
    await wrapper.get('input#password').setValue('a password that is right');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect((wrapper.get('input#sso-email').element as HTMLInputElement).value).toBe('ada@acme.example');
    expect(wrapper.text()).toContain('Your provider signs in with single sign-on only.');
    expect(document.activeElement).toBe(wrapper.get('input#sso-email').element);
  });
});
