import { inject, readonly, ref, type InjectionKey, type Ref } from 'vue';

/**
 * The session itself is the server's HttpOnly `hw_session` cookie, out of reach of any script on the page.
 * The browser keeps only this non-secret flag, so a reload (and every other tab) knows to show the app
 * rather than the login screen; a session that has ended on the server answers UNAUTHENTICATED.
 */
export const SIGNED_IN_STORAGE_KEY = 'highwater.signedIn';

export interface AuthStore {
  /** Whether the admin signed in (the server may still have ended the session since). */
  readonly signedIn: Readonly<Ref<boolean>>;
  /** Why the admin was signed out, when it was not their own choice (shown on the login screen). */
  readonly notice: Readonly<Ref<string | null>>;
  /** Called once the server has set the session cookie. */
  signIn(): void;
  signOut(options?: { notice?: string }): void;
}

export const authKey: InjectionKey<AuthStore> = Symbol('auth');

export function createAuthStore(storage: Storage, events?: Pick<Window, 'addEventListener'>): AuthStore {
  const signedIn = ref(readSignedIn(storage));
  const notice = ref<string | null>(null);

  // Signing out in one tab signs out the others (and signing in elsewhere is picked up).
  events?.addEventListener('storage', (event) => {
    if (event.key === SIGNED_IN_STORAGE_KEY || event.key === null) signedIn.value = readSignedIn(storage);
  });

  return {
    signedIn: readonly(signedIn),
    notice: readonly(notice),
    signIn() {
      try {
        storage.setItem(SIGNED_IN_STORAGE_KEY, 'true');
      } catch {
        // Unavailable storage: a reload shows the login screen, although the cookie still signs in.
      }
      notice.value = null;
      signedIn.value = true;
    },
    signOut(options) {
      try {
        storage.removeItem(SIGNED_IN_STORAGE_KEY);
      } catch {
        // Nothing was stored.
      }
      notice.value = options?.notice ?? null;
      signedIn.value = false;
    },
  };
}

function readSignedIn(storage: Storage): boolean {
  try {
    return storage.getItem(SIGNED_IN_STORAGE_KEY) === 'true';
  } catch {
    // Storage can be unavailable (privacy modes); the admin then signs in for this page only.
    return false;
  }
}

export function useAuth(): AuthStore {
  const auth = inject(authKey);
  if (!auth) throw new Error('useAuth() needs the auth store provided under authKey');
  return auth;
}
