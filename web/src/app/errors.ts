import type { CombinedError } from '@urql/core';

export interface ErrorDescription {
  message: string;
  /** The server's `extensions.code` (UNAUTHENTICATED, FORBIDDEN, …) when it sent one. */
  code?: string;
}

export function errorCodes(error: CombinedError | undefined): string[] {
  return (error?.graphQLErrors ?? []).flatMap((e) =>
    typeof e.extensions?.code === 'string' ? [e.extensions.code] : [],
  );
}

/** Turns an urql error into what an admin should read: the server's own message, or why it was unreachable. */
export function describeError(error: CombinedError | undefined): ErrorDescription {
  const first = error?.graphQLErrors[0];
  if (first) {
    const code = first.extensions?.code;
    return { message: first.message, code: typeof code === 'string' ? code : undefined };
  }
  if (error?.networkError) {
    return { message: `Could not reach the server: ${error.networkError.message}` };
  }
  return { message: 'The server returned no data.' };
}

export function formatError({ message, code }: ErrorDescription): string {
  return code ? `${message} (${code})` : message;
}
