import { inject, readonly, ref, type InjectionKey, type Ref } from 'vue';

/** The only thing highwater keeps in the browser: the admin's browser session token (started with an API token). */
export const TOKEN_STORAGE_KEY = 'highwater.apiToken';

export interface AuthStore {
  /** The API token in use, or null when signed out. */
  readonly token: Readonly<Ref<string | null>>;
  /** Why the admin was signed out, when it was not their own choice (shown on the login screen). */
  readonly notice: Readonly<Ref<string | null>>;
  signIn(token: string): void;
  signOut(options?: { notice?: string }): void;
}

export const authKey: InjectionKey<AuthStore> = Symbol('auth');

export function createAuthStore(storage: Storage, events?: Pick<Window, 'addEventListener'>): AuthStore {
  const token = ref<string | null>(readToken(storage));
  const notice = ref<string | null>(null);

  // Signing out in one tab signs out the others (and signing in elsewhere is picked up).
  events?.addEventListener('storage', (event) => {
    if (event.key === TOKEN_STORAGE_KEY || event.key === null) token.value = readToken(storage);
  });

  return {
    token: readonly(token),
    notice: readonly(notice),
    signIn(value) {
      try {
        storage.setItem(TOKEN_STORAGE_KEY, value);
      } catch {
        // Unavailable storage: the session lasts until the page is reloaded.
      }
      notice.value = null;
      token.value = value;
    },
    signOut(options) {
      try {
        storage.removeItem(TOKEN_STORAGE_KEY);
      } catch {
        // Nothing was stored.
      }
      notice.value = options?.notice ?? null;
      token.value = null;
    },
  };
}

function readToken(storage: Storage): string | null {
  try {
    return storage.getItem(TOKEN_STORAGE_KEY) || null;
  } catch {
    // Storage can be unavailable (privacy modes); the admin then signs in for this page only.
    return null;
  }
}

export function useAuth(): AuthStore {
  const auth = inject(authKey);
  if (!auth) throw new Error('useAuth() needs the auth store provided under authKey');
  return auth;
}
