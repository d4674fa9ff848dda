import { ConnectWiseError } from '../../connectwise/index.js';
import { AppError, ErrorCode } from '../../shared/errors.js';

/** What an admin can act on, from what went wrong talking to ConnectWise. Never includes keys. */
export function connectWiseFailure(error: unknown): AppError {
  if (!(error instanceof ConnectWiseError)) throw error;
  const upstream = { connectWiseKind: error.kind, connectWiseStatus: error.status, connectWiseCode: error.code };
  switch (error.kind) {
    case 'bad-site':
      return new AppError(ErrorCode.ConnectWiseUnknownSite, `Unknown site: ${error.message}`, { ...upstream, field: 'site' });
    case 'unknown-company':
      return new AppError(ErrorCode.ConnectWiseUnknownCompany, 'Unknown company ID: the ConnectWise site does not know it', {
        ...upstream,
        field: 'companyId',
      });
    case 'unauthorized':
      return new AppError(ErrorCode.ConnectWiseKeysRejected, 'Keys rejected: check the public and private API keys and the company ID', {
        ...upstream,
        field: 'privateKey',
      });
    case 'forbidden': {
      const permission = error.permission ? `${error.permission.level ? `${error.permission.level} ` : ''}${error.permission.area}` : undefined;
      return new AppError(
        ErrorCode.ConnectWisePermissionDenied,
        permission ? `API member lacks permission ${permission}` : `API member lacks a permission: ${error.cwMessage ?? error.message}`,
        { ...upstream, permission },
      );
    }
    case 'not-found':
      return new AppError(ErrorCode.NotFound, `ConnectWise does not have it: ${error.message}`, upstream);
    case 'bad-request':
      return new AppError(ErrorCode.UpstreamError, `ConnectWise refused the request: ${error.cwMessage ?? error.message}`, upstream);
    default:
      return new AppError(ErrorCode.ConnectWiseUnavailable, `ConnectWise unavailable: ${error.message}`, upstream);
  }
}
