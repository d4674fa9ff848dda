/**
 * The only mutations an anonymous caller may run: they are how one signs in. Every other root field
 * needs a signed-in admin (graphql/auth-checker.ts).
 */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set(['signInWithPassword', 'redeemSetupLink']);
