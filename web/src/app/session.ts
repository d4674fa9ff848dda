import type { Client } from '@urql/core';
import { shallowRef, watch, type ShallowRef } from 'vue';
import type { AuthStore } from './auth';
import { createGraphqlClient, type GraphqlClientOptions } from './graphql-client';

export const SESSION_ENDED_NOTICE = 'Your session has ended (signed out elsewhere, revoked or expired). Sign in again.';

/**
 * One urql client per sign-in: signing in or out replaces it, so no cached data and no open websocket
 * outlives the session it was fetched with.
 */
export function createSessionClient(
  auth: AuthStore,
  options: Pick<GraphqlClientOptions, 'url' | 'wsUrl' | 'fetch'> = {},
): ShallowRef<Client> {
  let generation = 0;
  let current = createFor(auth.signedIn.value);
  const client = shallowRef(current.client);

  watch(
    auth.signedIn,
    (signedIn) => {
      current.dispose();
      current = createFor(signedIn);
      client.value = current.client;
    },
    { flush: 'sync' },
  );

  function createFor(signedIn: boolean) {
    const mine = ++generation;
    return createGraphqlClient({
      ...options,
      signedIn,
      onUnauthenticated: () => {
        // Ignore late answers for a session that has already been replaced.
        if (generation === mine && auth.signedIn.value) auth.signOut({ notice: SESSION_ENDED_NOTICE });
      },
    });
  }

  return client;
}
