import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { graphqlError, graphqlFetch, mountScreen } from '../../app/testing';
import SingleSignOnPage from './SingleSignOnPage.vue';

enableAutoUnmount(afterEach);

const REDIRECT_URI = 'https://highwater.example.com/auth/sso/callback';
const saved = {
  __typename: 'SingleSignOn',
  id: 's1',
  issuerUrl: 'https://login.microsoftonline.com/6f1b/v2.0',
  clientId: 'c0ffee',
  allowedDomains: ['acme.example', 'acme.co.uk'],
  ssoOnly: false,
  updatedAt: '2026-12-05T10:00:00.000Z',
};

function button(wrapper: VueWrapper, text: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

const value = (wrapper: VueWrapper, selector: string) => (wrapper.get(selector).element as HTMLInputElement).value;

describe('single sign-on settings', () => {
  it('shows the redirect URI to register, and asks for every field before the first save', async () => {
    const server = graphqlFetch({ SingleSignOn: () => ({ data: { singleSignOn: null, singleSignOnRedirectUri: REDIRECT_URI } }) });
    const { wrapper } = await mountScreen(SingleSignOnPage, { fetch: server.fetch });
    expect(wrapper.get('#sso-redirect-uri').text()).toBe(REDIRECT_URI);

    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#sso-issuer-error').text()).toContain('issuer URL');
    expect(wrapper.get('#sso-client-secret-error').text()).toBe('Enter the client secret.');
    expect(wrapper.get('#sso-domains-error').text()).toContain('at least one email domain');
    expect(document.activeElement).toBe(wrapper.get('input#sso-issuer').element);
    expect(server.requests.map((request) => request.operationName)).toEqual(['SingleSignOn']);
  });

  it('saves what was typed, domains split and the secret sent once, then shows it as on', async () => {
    let current: typeof saved | null = null;
    const server = graphqlFetch({
      SingleSignOn: () => ({ data: { singleSignOn: current, singleSignOnRedirectUri: REDIRECT_URI } }),
      SaveSingleSignOn: ({ variables }) => {
        current = { ...saved, ...(variables.input as object), ssoOnly: false };
        return { data: { saveSingleSignOn: current } };
      },
    });
    const { wrapper } = await mountScreen(SingleSignOnPage, { fetch: server.fetch });
    await wrapper.get('input#sso-issuer').setValue(' https://login.microsoftonline.com/6f1b/v2.0 ');
    await wrapper.get('input#sso-client-id').setValue('c0ffee');
    await wrapper.get('input#sso-client-secret').setValue('s3cret');
    await wrapper.get('input#sso-domains').setValue('acme.example, acme.co.uk');
    await button(wrapper, 'Check and turn on').trigger('click');
    await flushPromises();

    expect(server.requests.find((request) => request.operationName === 'SaveSingleSignOn')?.variables).toEqual({
      input: { issuerUrl: 'https://login.microsoftonline.com/6f1b/v2.0', clientId: 'c0ffee', clientSecret: 's3cret', allowedDomains: ['acme.example', 'acme.co.uk'], ssoOnly: false },
    });
    expect(wrapper.get('[role="status"]').text()).toContain('Single sign-on is set up');
    expect(wrapper.text()).toContain('Admins whose email is in acme.example, acme.co.uk');
    expect(value(wrapper, 'input#sso-client-secret')).toBe('');
  });

  it("keeps the saved secret unless a new one is typed, and shows the server's refusal at its field", async () => {
    const server = graphqlFetch({
      SingleSignOn: () => ({ data: { singleSignOn: saved, singleSignOnRedirectUri: REDIRECT_URI } }),
      SaveSingleSignOn: () => graphqlError('sign in with single sign-on once yourself before turning off passwords', { code: 'BAD_USER_INPUT', field: 'ssoOnly' }),
    });
    const { wrapper } = await mountScreen(SingleSignOnPage, { fetch: server.fetch });
    expect(value(wrapper, 'input#sso-domains')).toBe('acme.example, acme.co.uk');
    await wrapper.get('input[type="checkbox"]').setValue(true);
    await button(wrapper, 'Check and save').trigger('click');
    await flushPromises();

    const sent = server.requests.find((request) => request.operationName === 'SaveSingleSignOn')?.variables as { input: Record<string, unknown> };
    expect(sent.input.clientSecret).toBeNull();
    expect(sent.input.ssoOnly).toBe(true);
    expect(wrapper.get('#sso-only-error').text()).toContain('ign in with single sign-on once yourself');
    expect(document.activeElement).toBe(wrapper.get('input[type="checkbox"]').element);
  });

  it('turns single sign-on off after a confirmation', async () => {
    let current: typeof saved | null = saved;
    const server = graphqlFetch({
      SingleSignOn: () => ({ data: { singleSignOn: current, singleSignOnRedirectUri: REDIRECT_URI } }),
      RemoveSingleSignOn: () => {
        current = null;
        return { data: { removeSingleSignOn: true } };
      },
    });
    const { wrapper } = await mountScreen(SingleSignOnPage, { fetch: server.fetch });
    await button(wrapper, 'Turn off single sign-on').trigger('click');
    expect(server.requests.some((request) => request.operationName === 'RemoveSingleSignOn')).toBe(false);
    await button(wrapper, 'Yes, turn it off').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toContain('Everyone signs in with their password again');
    expect(value(wrapper, 'input#sso-issuer')).toBe('');
  });
});
