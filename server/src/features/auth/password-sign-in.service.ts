import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode } from '../../shared/errors.js';
import type { SecretBox } from '../../shared/secret-box.js';
import type { AuditService } from '../audit/audit.service.js';
import { Admin } from './admin.entity.js';
import { ApiTokenKind } from './api-token.entity.js';
import type { AuthService, Viewer } from './auth.service.js';
import { checkNewPassword, dummyPasswordHash, hashPassword, notBreached, verifyPassword, type BreachCheck } from './passwords.js';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { newTotpSecret, qrCodeSvg, totpStepOf, totpUri } from './totp.js';

export interface PasswordSignInDeps {
  secrets: SecretBox;
  auth: AuthService;
  audit: AuditService;
  /** Milliseconds since the epoch; tests move it instead of sleeping. */
  now: () => number;
  /** Pwned Passwords, when configured; none: no password is known breached. */
  breachCheck?: BreachCheck;
  /** Whether the provider allows only single sign-on; none: passwords always work. */
  ssoRequired?: (providerId: string) => Promise<boolean>;
}

/** Who is signing in, for the throttle and the session's name. */
export interface SignInClient {
  ip: string;
  userAgent?: string;
}

export interface PasswordSignIn {
  token: string | null;
  secondFactorRequired: boolean;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

const WRONG_PASSWORD = 'Email or password is wrong';
export const DEACTIVATED = 'This account was deactivated: ask an admin of your provider to reactivate it';
export const SSO_REQUIRED = 'Your provider signs in with single sign-on only: use "Sign in with single sign-on"';
// Longer than any email address may be (RFC 5321): not looked up, and not stored at full length.
const MAX_EMAIL_LENGTH = 320;

/** The audit log records changes by a viewer; a sign-in has none yet, so the admin acts for itself. */
export const actingAs = (admin: Admin): Viewer => ({ admin, tokenId: '', tokenKind: ApiTokenKind.BROWSER_SESSION, scope: { providerId: admin.provider.id } });

/** Password sign-in with an optional TOTP second factor, and the admin's own password and TOTP settings. */
export class PasswordSignInService {
  private readonly throttle: SignInThrottle;

  constructor(
    private readonly em: EntityManager,
    private readonly deps: PasswordSignInDeps,
  ) {
    this.throttle = new SignInThrottle(em, deps.now);
  }

  async signIn(input: { email: string; password: string; code?: string | null }, client: SignInClient): Promise<PasswordSignIn> {
    const email = input.email.trim().toLowerCase().slice(0, MAX_EMAIL_LENGTH);
    // Refused before the password is looked at: a throttled guess learns nothing.
    await this.throttle.check(email, client.ip);
    const admin = email.length < MAX_EMAIL_LENGTH ? await this.em.findOne(Admin, { email }, { populate: ['provider'], filters: false }) : null;
    // An unknown email (or one without a password) is verified against a dummy hash, to take as long.
    const passwordOk = await verifyPassword(admin?.passwordHash ?? (await dummyPasswordHash()), input.password);
    if (!admin?.passwordHash || !passwordOk) {
      await this.throttle.recordFailure(email, client.ip);
      throw new AppError(ErrorCode.Unauthenticated, WRONG_PASSWORD);
    }
    // Told only to someone who knows the password: it says no more than a wrong password would.
    if (admin.deactivatedAt) throw new AppError(ErrorCode.Unauthenticated, DEACTIVATED);
    if (await this.deps.ssoRequired?.(admin.provider.id)) throw new AppError(ErrorCode.SsoRequired, SSO_REQUIRED);
    if (admin.totpSecretSealed) {
      if (!input.code?.trim()) return { token: null, secondFactorRequired: true };
      if (!(await this.useSecondFactor(admin, admin.totpSecretSealed, input.code))) {
        await this.throttle.recordFailure(email, client.ip);
        throw new AppError(ErrorCode.Unauthenticated, 'The code is wrong or was already used', { field: 'code' });
      }
    }
    await this.throttle.clear(email);
    const { token } = await this.deps.auth.issueBrowserSession(admin, admin.provider.id, client.userAgent);
    return { token, secondFactorRequired: false };
  }

  /** A code of the authenticator (each time step once), or a recovery code (each once). */
  private async useSecondFactor(admin: Admin, sealedSecret: string, code: string): Promise<boolean> {
    const step = totpStepOf(this.deps.secrets.open(sealedSecret), code, this.deps.now());
    if (step !== undefined) {
      // One conditional update, so two requests racing with the same code cannot both pass.
      const updated = await this.em.nativeUpdate(
        Admin,
        { id: admin.id, $or: [{ totpLastUsedStep: null }, { totpLastUsedStep: { $lt: step } }] },
        { totpLastUsedStep: step },
        { filters: false },
      );
      return updated === 1;
    }
    const codeHash = hashRecoveryCode(code);
    const rows = await this.em.execute<{ left: number }[]>(
      'update admins set recovery_code_hashes = array_remove(recovery_code_hashes, ?) where id = ? and ? = any(recovery_code_hashes) returning cardinality(recovery_code_hashes) as "left"',
      [codeHash, admin.id, codeHash],
    );
    if (rows.length === 0) return false;
    this.deps.audit.record(actingAs(admin), 'auth.recovery_code_used', { recoveryCodesLeft: rows[0]!.left });
    return true;
  }

  async setPassword(viewer: Viewer, currentPassword: string | null | undefined, newPassword: string): Promise<boolean> {
    const admin = await this.adminOf(viewer);
    const hadPassword = Boolean(admin.passwordHash);
    if (admin.passwordHash) {
      if (!currentPassword) throw new AppError(ErrorCode.BadUserInput, 'give your current password', { field: 'currentPassword' });
      await this.checkOwnPassword(admin, admin.passwordHash, currentPassword, 'currentPassword');
    }
    const normalized = await checkNewPassword(newPassword, admin.email, this.deps.breachCheck ?? notBreached);
    admin.passwordHash = await hashPassword(normalized);
    const sessionsEnded = hadPassword ? await this.deps.auth.endOtherBrowserSessions(viewer) : 0;
    this.deps.audit.record(viewer, hadPassword ? 'auth.password_changed' : 'auth.password_set', hadPassword ? { otherSessionsEnded: sessionsEnded } : {});
    await this.em.flush();
    return true;
  }

  async beginTotpEnrolment(viewer: Viewer): Promise<TotpEnrolment> {
    const admin = await this.adminOf(viewer);
    if (!admin.passwordHash) throw new AppError(ErrorCode.BadUserInput, 'choose a password before turning on two-factor sign-in');
    if (admin.totpSecretSealed) throw new AppError(ErrorCode.Conflict, 'two-factor sign-in is already on; turn it off first to enrol another device');
    const secret = newTotpSecret();
    const otpauthUri = totpUri(secret, admin.email);
    admin.totpPendingSecretSealed = this.deps.secrets.seal(secret);
    await this.em.flush();
    return { secret, otpauthUri, qrSvg: await qrCodeSvg(otpauthUri) };
  }

  /** The first code proves the device has the secret; the answer is the recovery codes, shown this once. */
  async confirmTotpEnrolment(viewer: Viewer, code: string): Promise<string[]> {
    const admin = await this.adminOf(viewer);
    if (!admin.totpPendingSecretSealed) throw new AppError(ErrorCode.BadUserInput, 'start the enrolment first (beginTotpEnrolment)', { field: 'code' });
    const step = totpStepOf(this.deps.secrets.open(admin.totpPendingSecretSealed), code, this.deps.now());
    if (step === undefined) {
      throw new AppError(ErrorCode.BadUserInput, 'the code does not match: type the 6 digits your app shows now (and check its clock)', { field: 'code' });
    }
    const { codes, hashes } = newRecoveryCodes();
    admin.totpSecretSealed = admin.totpPendingSecretSealed;
    admin.totpPendingSecretSealed = null;
    admin.totpLastUsedStep = step;
    admin.recoveryCodeHashes = hashes;
    this.deps.audit.record(viewer, 'auth.totp_enrolled', { recoveryCodes: hashes.length });
    await this.em.flush();
    return codes;
  }

  /** False when it was not on. */
  async disableTotp(viewer: Viewer, password: string): Promise<boolean> {
    const admin = await this.adminOf(viewer);
    if (!admin.passwordHash) throw new AppError(ErrorCode.BadUserInput, 'the password is wrong', { field: 'password' });
    await this.checkOwnPassword(admin, admin.passwordHash, password, 'password');
    const wasOn = Boolean(admin.totpSecretSealed);
    admin.totpSecretSealed = null;
    admin.totpPendingSecretSealed = null;
    admin.totpLastUsedStep = null;
    admin.recoveryCodeHashes = [];
    if (wasOn) this.deps.audit.record(viewer, 'auth.totp_disabled');
    await this.em.flush();
    return wasOn;
  }

  /** Read fresh: the viewer's own admin object may come from the viewer cache, seconds old. */
  async status(adminId: string): Promise<{ hasPassword: boolean; totpEnabled: boolean }> {
    const admin = await this.em.findOne(Admin, { id: adminId }, { filters: false });
    return { hasPassword: Boolean(admin?.passwordHash), totpEnabled: Boolean(admin?.totpSecretSealed) };
  }

  private async adminOf(viewer: Viewer): Promise<Admin> {
    return this.em.findOneOrFail(Admin, { id: viewer.admin.id }, { populate: ['provider'], filters: false });
  }

  /** A signed-in change that needs the password: throttled like sign-in, so a left-open session cannot guess it. */
  private async checkOwnPassword(admin: Admin, passwordHash: string, password: string, field: string): Promise<void> {
    await this.throttle.check(admin.email, 'session');
    if (await verifyPassword(passwordHash, password)) return;
    await this.throttle.recordFailure(admin.email, 'session');
    throw new AppError(ErrorCode.BadUserInput, 'the password is wrong', { field });
  }
}
