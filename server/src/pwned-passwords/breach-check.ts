import type { VendorLogger } from '../vendor-kit/transport.js';
import { PwnedPasswordsError, sha1Parts, type PwnedPasswordsClient } from './client.js';

/**
 * How many times a new password was seen in breaches, for `checkNewPassword` — failing open: when Pwned
 * Passwords cannot be asked (no internet access, as on many an MSP's server; a firewall; the service
 * slow or down), the answer is 0 and a warning is logged. The breach check is defence in depth on top
 * of the length, common-password and email rules, which always apply; refusing every new password
 * while a third party is unreachable would lock admins out of setting one at all (a setup link would
 * expire unused). The warning names the hash prefix (which is what was sent anyway), never the password.
 */
export function pwnedPasswordsBreachCheck(client: PwnedPasswordsClient, logger: VendorLogger): (password: string) => Promise<number> {
  return async (password) => {
    try {
      return await client.timesSeen(password);
    } catch (error) {
      if (!(error instanceof PwnedPasswordsError)) throw error;
      logger.warn(
        { kind: error.kind, status: error.status, prefix: sha1Parts(password).prefix, reason: error.message },
        'breached-password check skipped: Pwned Passwords could not be asked; the password was accepted on the other rules',
      );
      return 0;
    }
  };
}
