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

/** What a form shows for a failed request: a sentence to act on, and the server's own words beneath it. */
export interface ActionableError {
  /** What to do about it, in the product's words. */
  message: string;
  /** The server's message and code (or the network failure), for the curious and for support. */
  detail?: string;
  code?: string;
  /** The input the server blamed (`extensions.field`), e.g. `site`, `privateKey`, `additionId`. */
  field?: string;
}

/**
 * Friendly text per `extensions.code`. The server's message stays visible as the detail, because it is
 * often the specific part (which permission is missing, which addition is taken).
 */
const friendlyByCode: Record<string, (serverMessage: string) => string> = {
  CONNECTWISE_UNKNOWN_SITE: () =>
    'ConnectWise Manage did not answer at this Base URL. Check the address you use to reach ConnectWise Manage, e.g. api-na.myconnectwise.net.',
  CONNECTWISE_UNKNOWN_COMPANY: () =>
    'This ConnectWise Manage site does not know that Company ID. Use the company ID you sign in to ConnectWise Manage with.',
  CONNECTWISE_KEYS_REJECTED: () =>
    'ConnectWise Manage rejected the API keys. Check the public and private keys of the API member, or generate new keys for it.',
  CONNECTWISE_PERMISSION_DENIED: (message) => {
    // Verify's refusal names everything billing sync lacks (see the server's refuseWithoutBilling).
    const billing = /lacks permission for billing sync: (.+?)\. Grant/i.exec(message)?.[1];
    if (billing) {
      return `The API member's security role lacks what billing sync needs: ${billing}. Add ${billing.includes(',') ? 'them' : 'it'} in ConnectWise Manage (System › Security Roles) and verify again.`;
    }
    return `The API member's security role is missing a permission${permissionOf(message)}. Add it in ConnectWise Manage and try again.`;
  },
  CONNECTWISE_UNAVAILABLE: () =>
    'ConnectWise Manage is not answering right now (busy or down). Nothing was changed; try again in a few minutes.',
  INTEGRATION_NOT_CONFIGURED: () =>
    'ConnectWise Manage is not connected yet. Connect it on the Integrations screen first.',
  FORBIDDEN: () => 'Only admins with the Billing role can use the integration.',
  INTERNAL_SERVER_ERROR: () =>
    'The server failed unexpectedly. Try again; if it keeps failing, give the request ID below to whoever runs highwater.',
};

function permissionOf(message: string): string {
  const match = /lacks permission (.+)$/i.exec(message);
  return match?.[1] ? ` (${match[1].trim()})` : '';
}

/** For mutations and screens: the first GraphQL error made actionable, or why the server was unreachable. */
export function describeActionableError(error: CombinedError | undefined): ActionableError {
  const first = error?.graphQLErrors[0];
  if (first) {
    const extensions = first.extensions ?? {};
    const code = typeof extensions.code === 'string' ? extensions.code : undefined;
    const field = typeof extensions.field === 'string' ? extensions.field : undefined;
    const requestId = typeof extensions.requestId === 'string' ? extensions.requestId : undefined;
    const friendly = code ? friendlyByCode[code] : undefined;
    const detailParts = [code ? `${first.message} (${code})` : first.message];
    if (requestId) detailParts.push(`Request ID ${requestId}`);
    if (!friendly) {
      // The server's message is already specific (validation, conflicts): say it once, as it is.
      return { message: sentence(first.message), detail: code, code, field };
    }
    return { message: friendly(first.message), detail: detailParts.join(' · '), code, field };
  }
  if (error?.networkError) {
    return {
      message: 'Could not reach the highwater server. Check your connection and try again; nothing was lost.',
      detail: error.networkError.message,
    };
  }
  return { message: 'The server returned no data.' };
}

/** Server messages are lower-case fragments ("select at least one company type"); a form shows sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** True when the screen cannot work until ConnectWise is connected. */
export function isNotConfigured(error: CombinedError | undefined): boolean {
  return errorCodes(error).includes('INTEGRATION_NOT_CONFIGURED');
}

/**
 * Whether a screen may say that an integration is not connected: the server said so
 * (INTEGRATION_NOT_CONFIGURED), or it answered the integration as `null` without any error. A refused
 * (FORBIDDEN) or failed read nulls the field too; that is shown as the error it is, never as "Not connected".
 * `integration` is undefined while nothing has been read.
 */
export function isNotConnected(integration: object | null | undefined, error: CombinedError | undefined): boolean {
  if (isNotConfigured(error)) return true;
  return integration === null && !error;
}
