import { isJumpCloudError, type JumpCloudError } from '../../jumpcloud/index.js';
import { AppError, ErrorCode } from '../../shared/errors.js';

/** What an admin can act on, from what went wrong talking to JumpCloud. Never includes the key. */
export function jumpCloudFailure(error: unknown, providerId: string): AppError {
  if (!isJumpCloudError(error)) throw error;
  const upstream = { jumpCloudKind: error.kind, jumpCloudStatus: error.status };
  switch (error.kind) {
    case 'unauthorized':
      return new AppError(ErrorCode.JumpCloudKeyRejected, keyRejectedMessage, { ...upstream, field: 'apiKey' });
    case 'not-found':
    case 'forbidden':
      return new AppError(ErrorCode.JumpCloudUnknownProvider, unknownProviderMessage(providerId, error), { ...upstream, field: 'providerId' });
    case 'bad-request':
      return new AppError(ErrorCode.UpstreamError, `JumpCloud refused the request: ${error.apiMessage ?? error.message}`, upstream);
    default:
      return new AppError(ErrorCode.JumpCloudUnavailable, `JumpCloud unavailable: ${error.message}`, upstream);
  }
}

export const keyRejectedMessage =
  "JumpCloud rejected the API key (401): it is wrong, or was rotated or revoked. Enter a Multi-Tenant Portal administrator's current key.";

export function unknownProviderMessage(providerId: string, error: JumpCloudError): string {
  const said = error.apiMessage ? ` (JumpCloud: ${error.apiMessage})` : '';
  return `JumpCloud does not know provider id ${providerId}, or the key's administrator is not associated with it${said}`;
}

/** One line for lastError / a poll failure: what happened and, where there is one, what to do. */
export function pollFailureMessage(error: unknown, providerId: string): string {
  if (!isJumpCloudError(error)) return error instanceof Error ? error.message : String(error);
  if (error.kind === 'unauthorized') return `${keyRejectedMessage} Update it with updateJumpCloudConnection.`;
  if (error.kind === 'not-found' && !error.orgId) return unknownProviderMessage(providerId, error);
  if (error.kind === 'forbidden' && !error.orgId) return unknownProviderMessage(providerId, error);
  return error.message;
}

const ACCESS_REFUSED = 'JumpCloud refused access (403)';

/** A 403 on one organization's data: the key works, but its administrator may not see that organization. */
export function accessRefusedMessage(error: JumpCloudError, what: string): string {
  const said = error.apiMessage ? ` (JumpCloud: ${error.apiMessage})` : '';
  return (
    `${ACCESS_REFUSED} to ${what}${said}: the administrator whose API key is used has no access to it. ` +
    "Grant it in JumpCloud's Multi-Tenant Portal, or update the connection with the key of an administrator who has it."
  );
}

/**
 * Whether a connection's lastError is JumpCloud refusing the key or its access: what a later call JumpCloud
 * accepts disproves (unlike a poll that counted nothing, which only the next poll can).
 */
export function isRefusal(lastError: string | null | undefined): boolean {
  return !!lastError && (lastError.startsWith(keyRejectedMessage) || lastError.startsWith(ACCESS_REFUSED));
}
