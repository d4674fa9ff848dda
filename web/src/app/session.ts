import type { Client } from '@urql/core';
import { shallowRef, watch, type ShallowRef } from 'vue';
import type { AuthStore } from './auth';
import { createGraphqlClient, type GraphqlClientOptions } from './graphql-client';

export const SESSION_ENDED_NOTICE = 'Your session has ended (signed out elsewhere, revoked or expired). Sign in again.';

/**
 * One urql client per token: signing in or out replaces it, so no cached data and no open websocket
 * outlives the token it was fetched with.
 */
export function createSessionClient(
  auth: AuthStore,
  options: Pick<GraphqlClientOptions, 'url' | 'wsUrl' | 'fetch'> = {},
): ShallowRef<Client> {
  let current = createFor(auth.token.value);
  const client = shallowRef(current.client);

  watch(
    auth.token,
    (token) => {
      current.dispose();
      current = createFor(token);
      client.value = current.client;
    },
    { flush: 'sync' },
  );

  function createFor(token: string | null) {
    return createGraphqlClient({
      ...options,
      token,
      onUnauthenticated: () => {
        // Ignore late answers for a token that has already been replaced.
        if (auth.token.value === token) auth.signOut({ notice: SESSION_ENDED_NOTICE });
      },
    });
  }

  return client;
}
