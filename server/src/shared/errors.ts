/** Every expected failure a client can see, as `extensions.code`. One list, one place. */
export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  UpstreamError: 'UPSTREAM_ERROR',
  /** ConnectWise: the site did not answer as a ConnectWise Manage server (DNS, connection, TLS). */
  ConnectWiseUnknownSite: 'CONNECTWISE_UNKNOWN_SITE',
  /** ConnectWise: the site does not know the company ID. */
  ConnectWiseUnknownCompany: 'CONNECTWISE_UNKNOWN_COMPANY',
  /** ConnectWise: 401, the public/private keys were refused. */
  ConnectWiseKeysRejected: 'CONNECTWISE_KEYS_REJECTED',
  /** ConnectWise: 403, the API member's security role lacks a permission (named in the message). */
  ConnectWisePermissionDenied: 'CONNECTWISE_PERMISSION_DENIED',
  /** ConnectWise: throttled, 5xx, timeout or a malformed answer; worth trying again later. */
  ConnectWiseUnavailable: 'CONNECTWISE_UNAVAILABLE',
  /** No ConnectWise integration is configured for this provider yet. */
  IntegrationNotConfigured: 'INTEGRATION_NOT_CONFIGURED',
  /** JumpCloud: 401, the API key was refused (wrong, rotated or revoked). */
  JumpCloudKeyRejected: 'JUMPCLOUD_KEY_REJECTED',
  /** JumpCloud: 404/403 on the provider's organizations: unknown provider id, or the key's admin is not associated with it. */
  JumpCloudUnknownProvider: 'JUMPCLOUD_UNKNOWN_PROVIDER',
  /** JumpCloud: throttled, 5xx, timeout, unreachable or a malformed answer; worth trying again later. */
  JumpCloudUnavailable: 'JUMPCLOUD_UNAVAILABLE',
  /** No JumpCloud connection is configured for this provider yet. */
  JumpCloudNotConnected: 'JUMPCLOUD_NOT_CONNECTED',
  /** The HTTP request itself is malformed (e.g. a body that is not JSON); nothing was run. */
  BadRequest: 'BAD_REQUEST',
  /** The request body is over the size limit (HTTP 413); `extensions.maxBytes` says how much is allowed. */
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** Request limits (`extensions.limit`), checked before anything runs: see graphql/limits.ts. */
  QueryTooManyTokens: 'QUERY_TOO_MANY_TOKENS',
  QueryTooDeep: 'QUERY_TOO_DEEP',
  QueryTooManyAliases: 'QUERY_TOO_MANY_ALIASES',
  QueryTooManyDirectives: 'QUERY_TOO_MANY_DIRECTIVES',
  QueryTooCostly: 'QUERY_TOO_COSTLY',
  /** graphql-ws: the socket already runs as many operations as allowed (`extensions.limit`); the others go on. */
  TooManySubscriptions: 'TOO_MANY_SUBSCRIPTIONS',
  /** A `documentId` (or persistedQuery hash) that is not one of the admin app's trusted documents. */
  PersistedDocumentNotFound: 'PERSISTED_DOCUMENT_NOT_FOUND',
  /** A browser session sent a document's text while the server runs only trusted documents for them. */
  PersistedDocumentRequired: 'PERSISTED_DOCUMENT_REQUIRED',
  /** Too many failed sign-ins for the account or the client address; `extensions.retryAfterSeconds` says when to try again. */
  TooManyAttempts: 'TOO_MANY_ATTEMPTS',
  /** A request authenticated by the session cookie came from another site, or was not a JSON POST (HTTP 403); nothing was run. */
  CsrfRejected: 'CSRF_REJECTED',
  /** The provider signs in with single sign-on only: no password or setup link for its admins (API tokens still work). */
  SsoRequired: 'SSO_REQUIRED',
  /** The issuer URL did not answer as an OpenID Connect provider (discovery failed); the message says why. */
  OidcDiscoveryFailed: 'OIDC_DISCOVERY_FAILED',
  /*
   * Single sign-on ends in a browser redirect, not a GraphQL answer: these travel to the sign-in page as
   * `/login?sso_error=<code>`, which explains them.
   */
  /** No provider signs in the email's domain with single sign-on. */
  SsoNotConfigured: 'SSO_NOT_CONFIGURED',
  /** The sign-in took over 10 minutes, was started in another browser, or its answer did not match it. */
  SsoExpired: 'SSO_EXPIRED',
  /** The identity provider refused the sign-in, or could not be reached, or its answer failed the checks. */
  SsoFailed: 'SSO_FAILED',
  /** The identity provider gave no email, an unverified one, or one outside the allowed domains. */
  SsoEmailRefused: 'SSO_EMAIL_REFUSED',
  /** The email has no admin account in the provider: an admin must invite it first. */
  SsoNotInvited: 'SSO_NOT_INVITED',
  /** The account is linked to another person at the identity provider (a reused email address). */
  SsoSubjectMismatch: 'SSO_SUBJECT_MISMATCH',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}
