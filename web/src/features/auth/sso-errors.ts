/**
 * Single sign-on ends in a browser redirect back to `/login?sso_error=<code>`: the code, never the
 * server's wording, travels in the URL (a crafted link cannot put words on our page), and these say it.
 */
const SSO_ERRORS: Record<string, string> = {
  SSO_NOT_CONFIGURED: 'Single sign-on is not set up for this email address. Sign in with your password, or ask an admin of your provider.',
  SSO_EXPIRED: 'The sign-in took too long or was started in another browser. Try again.',
  SSO_FAILED: 'Your identity provider did not complete the sign-in (cancelled, or it could not be reached). Try again; if it keeps failing, ask an admin to check the single sign-on settings.',
  SSO_EMAIL_REFUSED: 'Your identity provider signed you in with an email address this provider does not accept (another domain, or unverified). Sign in with your work account.',
  SSO_NOT_INVITED: 'You have no admin account here yet. Ask an admin of your provider to invite you, then sign in again.',
  SSO_SUBJECT_MISMATCH: 'This email address is linked to another account at your identity provider. Ask an admin of your provider for help.',
  UNAUTHENTICATED: 'This account was deactivated. Ask an admin of your provider to reactivate it.',
};

export function describeSsoError(code: string): string {
  return SSO_ERRORS[code] ?? 'Single sign-on failed on our side. Try again, or sign in with your password.';
}

/** Where the browser goes to start: the server sends it on to the identity provider. */
export function ssoStartUrl(email: string, redirect: string | null): string {
  const query = new URLSearchParams({ email: email.trim() });
  if (redirect) query.set('redirect', redirect);
  return `/auth/sso/start?${query.toString()}`;
}

/** Leaving the app for the identity provider; tests replace `go`, since a test page cannot navigate. */
export const browserNavigation = {
  go(url: string): void {
    window.location.assign(url);
  },
};
