/** Helpers for component tests: a scripted GraphQL server over fetch and a hand-driven subscription. */
import { Client, cacheExchange, fetchExchange, subscriptionExchange, type ExecutionResult } from '@urql/core';
import urql from '@urql/vue';
import { flushPromises, mount, type DOMWrapper } from '@vue/test-utils';
import { expect, vi } from 'vitest';
import { defineComponent, h, shallowRef, type Component } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import App from './App.vue';
import { SIGNED_IN_STORAGE_KEY, authKey, createAuthStore } from './auth';
import { createAppRouter } from './router';
import { screens, type Screen } from './screens';
import { createSessionClient } from './session';

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export interface GraphqlRequest {
  operationName: string;
  variables: Record<string, unknown>;
  method: string;
  authorization: string | null;
  /** Whether the browser would send the session cookie: 'same-origin' (or absent, the default) does. */
  credentials: RequestCredentials | null;
  /** The trusted document's hash the request named, or null when it sent the text. */
  documentHash: string | null;
  /** The document's text, when it was sent. */
  query: string | null;
}

type Handler = (
  request: GraphqlRequest,
) => ExecutionResult | Response | Promise<ExecutionResult | Response>;

/** A fetch that answers GraphQL POSTs by operation name, and records each request it saw. */
export function graphqlFetch(handlers: Record<string, Handler>) {
  const requests: GraphqlRequest[] = [];
  const fetchFn = vi.fn<typeof fetch>(async (_input, init) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as {
      operationName?: string;
      variables?: Record<string, unknown>;
      query?: string;
      extensions?: { persistedQuery?: { sha256Hash?: string } };
    };
    const request: GraphqlRequest = {
      operationName: body.operationName ?? '',
      variables: body.variables ?? {},
      method: init?.method ?? 'GET',
      authorization: new Headers(init?.headers).get('authorization'),
      credentials: init?.credentials ?? null,
      documentHash: body.extensions?.persistedQuery?.sha256Hash ?? null,
      query: body.query ?? null,
    };
    requests.push(request);
    const handler = handlers[request.operationName];
    if (!handler)
      return jsonResponse({ errors: [{ message: `No test handler for ${request.operationName}` }] });
    const result = await handler(request);
    return result instanceof Response ? result : jsonResponse(result);
  });
  return { fetch: fetchFn, requests };
}

/** A GraphQL error answer as the server formats it: `extensions.code` and, where it applies, `field`. */
export function graphqlError(message: string, extensions: Record<string, unknown>): ExecutionResult {
  return { data: null, errors: [{ message, extensions }] } as unknown as ExecutionResult;
}

/** A promise the test settles when it wants: to see a screen while its request is still running. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** After signing in the browser keeps only the non-secret flag: no token, in any storage a script can read. */
export function expectOnlySignedInFlagStored() {
  expect(Object.entries(window.localStorage)).toEqual([[SIGNED_IN_STORAGE_KEY, 'true']]);
  expect(Object.keys(window.sessionStorage)).toEqual([]);
  expect(document.cookie).not.toContain('hw_');
}

export function unauthenticated(message = 'Invalid API token'): ExecutionResult {
  return {
    data: null,
    errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }],
  } as unknown as ExecutionResult;
}

/** A subscription source the test pushes results into, standing in for graphql-ws. */
/** Every subscription of the screen shares it: `push` reaches them all (each reads its own field). */
export function fakeSubscriptionSource() {
  interface Sink {
    next(value: ExecutionResult): void;
    error(error: unknown): void;
    complete(): void;
  }
  const sinks = new Set<Sink>();
  let subscribeCount = 0;
  return {
    source: {
      subscribe(next: Sink) {
        sinks.add(next);
        subscribeCount += 1;
        return { unsubscribe: () => sinks.delete(next) };
      },
    },
    get subscribeCount() {
      return subscribeCount;
    },
    get subscribed() {
      return sinks.size > 0;
    },
    push(data: Record<string, unknown>) {
      if (sinks.size === 0) throw new Error('Nothing is subscribed');
      for (const sink of [...sinks]) sink.next({ data });
    },
    fail(error: unknown) {
      if (sinks.size === 0) throw new Error('Nothing is subscribed');
      const current = [...sinks];
      sinks.clear();
      for (const sink of current) sink.error(error);
    },
  };
}

export function testClient(options: {
  fetch: typeof fetch;
  subscription?: ReturnType<typeof fakeSubscriptionSource>;
}) {
  const { subscription } = options;
  return new Client({
    url: 'http://localhost/graphql',
    preferGetMethod: false,
    fetch: options.fetch,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: () => {
          if (!subscription) throw new Error('This test has no subscription source');
          return subscription.source;
        },
      }),
    ],
  });
}

/** Mounts the whole app (router, auth, session client) on a memory history, as main.ts does in the browser. */
export async function mountApp(options: {
  path: string;
  fetch: typeof fetch;
  /** As after signing in: the browser holds the session cookie (these tests' fetch ignores it). */
  signedIn?: boolean;
  screens?: Screen[];
}) {
  window.localStorage.clear();
  if (options.signedIn) window.localStorage.setItem(SIGNED_IN_STORAGE_KEY, 'true');
  const auth = createAuthStore(window.localStorage);
  const client = createSessionClient(auth, { fetch: options.fetch, wsUrl: 'ws://localhost/graphql' });
  const router = createAppRouter(auth, createMemoryHistory(), options.screens ?? stubScreens);
  await router.push(options.path);
  await router.isReady();
  const wrapper = mount(App, {
    attachTo: document.body,
    global: { plugins: [router, [urql, client]], provide: { [authKey as symbol]: auth } },
  });
  await flushPromises();
  return { wrapper, router, auth };
}

/**
 * Mounts one screen (or component) with a scripted server, a memory router that knows every screen by
 * name (for RouterLinks) and the document as its parent (for focus and `<dialog>`).
 */
export async function mountScreen(
  component: Component,
  options: {
    fetch: typeof fetch;
    props?: Record<string, unknown>;
    subscription?: ReturnType<typeof fakeSubscriptionSource>;
  },
) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [...screens.map(({ path, name }) => ({ path: `/${path}`, name, component: Blank })), { path: '/', component: Blank }],
  });
  await router.push('/');
  await router.isReady();
  const client = testClient({ fetch: options.fetch, subscription: options.subscription });
  // Props (and `onX` listeners) go through a parent, so any component mounts the same way.
  const wrapper = mount({ render: () => h(component, options.props) }, {
    attachTo: document.body,
    global: { plugins: [router], provide: { $urql: shallowRef(client) } },
  });
  await flushPromises();
  return { wrapper, router, client };
}

const Blank: Component = { render: () => null };

/** Chooses an `<option>` as a user does (test-utils' setValue leaves happy-dom's options unselected). */
export async function chooseOption(select: Omit<DOMWrapper<Element>, 'exists'>, value: string | number) {
  const option = select.findAll('option').find((o) => (o.element as HTMLOptionElement).value === String(value));
  if (!option) throw new Error(`No option with value ${value}`);
  (option.element as HTMLOptionElement).selected = true;
  await select.trigger('change');
  await flushPromises();
}

/** Screens that render only their name, so app-level tests do not depend on any feature. */
export const stubScreens: [Screen, ...Screen[]] = [
  {
    path: 'status',
    name: 'status',
    label: 'Status',
    component: async () => defineComponent({ render: () => h('h1', 'Status screen') }),
  },
];
