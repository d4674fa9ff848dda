import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { graphqlError, graphqlFetch, mountScreen } from '../../app/testing';
import PeoplePage from './PeoplePage.vue';

enableAutoUnmount(afterEach);

const LINK = 'http://localhost:3000/setup#hw_secret';

function button(wrapper: VueWrapper, text: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === text || candidate.attributes('aria-label') === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

function person(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Person',
    id: 'p1',
    email: 'ada@example.com',
    roles: ['ADMIN', 'BILLING'],
    active: true,
    hasPassword: true,
    totpEnabled: false,
    lastSignInAt: '2026-12-01T10:00:00.000Z',
    createdAt: '2026-11-01T10:00:00.000Z',
    tokens: [],
    ...overrides,
  };
}

function peopleServer(overrides = {}) {
  const people = [
    person(),
    person({
      id: 'p2',
      email: 'bob@example.com',
      roles: ['BILLING'],
      totpEnabled: true,
      lastSignInAt: null,
      tokens: [{ __typename: 'ApiToken', id: 't1', kind: 'BROWSER_SESSION', name: 'Browser session (Firefox)', createdAt: '2026-12-01T10:00:00.000Z', lastUsedAt: null, expiresAt: '2026-12-15T10:00:00.000Z' }],
    }),
  ];
  return {
    people,
    server: graphqlFetch({
      People: () => ({ data: { people } }),
      ...overrides,
    }),
  };
}

describe('people screen', () => {
  it('lists the admins with roles, status, two-factor and last sign-in', async () => {
    const { server } = peopleServer();
    const { wrapper } = await mountScreen(PeoplePage, { fetch: server.fetch });
    const rows = wrapper.findAll('tbody tr').map((row) => row.findAll('th, td').slice(0, 5).map((cell) => cell.text()));
    expect(rows[0]!.slice(0, 4)).toEqual(['ada@example.com', 'Admin, Billing', 'Active', 'Off']);
    expect(rows[1]!).toEqual(['bob@example.com', 'Billing', 'Active', 'On', 'Never']);
    expect(wrapper.find('button[aria-label="Reset two-factor for bob@example.com"]').exists()).toBe(true);
    expect(wrapper.find('button[aria-label="Reset two-factor for ada@example.com"]').exists()).toBe(false);
  });

  it('invites an admin and shows the one-time link with a Copy button', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { server } = peopleServer({
      InviteAdmin: () => ({
        data: { inviteAdmin: { __typename: 'IssuedSetupLink', setupLink: LINK, expiresAt: '2026-12-06T10:00:00.000Z', person: { __typename: 'Person', id: 'p3', email: 'cy@example.com' } } },
      }),
    });
    const { wrapper } = await mountScreen(PeoplePage, { fetch: server.fetch });
    await button(wrapper, 'Invite admin').trigger('click');
    await wrapper.get('#invite-email').setValue('cy@example.com');
    await wrapper.get('#invite-roles-BILLING').setValue(false);
    await wrapper.get('#invite-roles-ADMIN').setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const invite = server.requests.find((request) => request.operationName === 'InviteAdmin')!;
    expect(invite.variables).toEqual({ email: 'cy@example.com', roles: ['ADMIN'], appUrl: window.location.origin });
    expect((wrapper.get('#setup-link-url').element as HTMLInputElement).value).toBe(LINK);
    expect(wrapper.text()).toContain('24 hours');
    await button(wrapper, 'Copy link').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(LINK);
    expect(wrapper.text()).toContain('Copied to the clipboard.');
    vi.unstubAllGlobals();
  });

  it('shows a taken email next to the email field, and asks for a role before sending', async () => {
    const { server } = peopleServer({ InviteAdmin: () => graphqlError('ada@example.com already has an admin account', { code: 'BAD_USER_INPUT', field: 'email' }) });
    const { wrapper } = await mountScreen(PeoplePage, { fetch: server.fetch });
    await button(wrapper, 'Invite admin').trigger('click');
    await wrapper.get('#invite-email').setValue('ada@example.com');
    await wrapper.get('#invite-roles-BILLING').setValue(false);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#invite-roles-error').text()).toContain('Choose at least one role');
    expect(server.requests.some((request) => request.operationName === 'InviteAdmin')).toBe(false);

    await wrapper.get('#invite-roles-BILLING').setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#invite-email-error').text()).toContain('already has an admin account');
    expect(wrapper.get('#invite-email').attributes('aria-invalid')).toBe('true');
  });

  it('explains the last-admin rule beside the roles', async () => {
    const { server } = peopleServer({
      SetAdminRoles: () => graphqlError('cannot take the ADMIN role from ada@example.com: they are the last active admin with the ADMIN role', { code: 'BAD_USER_INPUT', reason: 'LAST_ADMIN' }),
    });
    const { wrapper } = await mountScreen(PeoplePage, { fetch: server.fetch });
    await button(wrapper, 'Edit roles of ada@example.com').trigger('click');
    await wrapper.get('#edit-roles-ADMIN').setValue(false);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#edit-roles-error').text()).toContain('last active admin');
  });

  it('deactivates after a confirmation', async () => {
    const { server, people } = peopleServer({
      DeactivateAdmin: () => {
        people[1] = { ...people[1]!, active: false, tokens: [] };
        return { data: { deactivateAdmin: { __typename: 'Person', id: 'p2', active: false } } };
      },
    });
    const { wrapper } = await mountScreen(PeoplePage, { fetch: server.fetch });
    await button(wrapper, 'Deactivate bob@example.com').trigger('click');
    expect(wrapper.get('dialog').text()).toContain('stop working at once');
    await wrapper.get('dialog .button-danger').trigger('click');
    await flushPromises();
    expect(server.requests.find((request) => request.operationName === 'DeactivateAdmin')!.variables).toEqual({ adminId: 'p2' });
    expect(wrapper.text()).toContain('bob@example.com deactivated.');
    expect(wrapper.findAll('tbody tr')[1]!.text()).toContain('Deactivated');
    expect(wrapper.find('button[aria-label="Reactivate bob@example.com"]').exists()).toBe(true);
  });

  it("lists someone's sessions and revokes one", async () => {
    const { server } = peopleServer({ RevokeAdminToken: () => ({ data: { revokeAdminToken: { __typename: 'ApiToken', id: 't1', revokedAt: '2026-12-05T10:00:00.000Z' } } }) });
    const { wrapper } = await mountScreen(PeoplePage, { fetch: server.fetch });
    await button(wrapper, 'Sessions and tokens of bob@example.com').trigger('click');
    expect(wrapper.get('dialog').text()).toContain('Browser session (Firefox)');
    await button(wrapper, 'Revoke Browser session (Firefox)').trigger('click');
    await flushPromises();
    expect(server.requests.find((request) => request.operationName === 'RevokeAdminToken')!.variables).toEqual({ tokenId: 't1' });
    expect(wrapper.get('dialog').text()).toContain('Revoked “Browser session (Firefox)”.');
  });
});
