import { registerEnumType } from 'type-graphql';

/** The alerts that can open a ConnectWise ticket (the product's catalogue; nothing else is accepted). */
export enum AlertType {
  DISK_ENCRYPTION_KEY_DECRYPTED = 'disk-encryption-key-decrypted',
  USER_ADMIN_ACCESS_GRANTED = 'user-admin-access-granted',
  USER_LOCKOUT = 'user-lockout',
  USER_PASSWORD_EXPIRED = 'user-password-expired',
}
registerEnumType(AlertType, { name: 'AlertType', description: 'A security alert that can open a ConnectWise ticket.' });

export interface AlertDefinitionData {
  id: AlertType;
  name: string;
  category: string;
  description: string;
  /** What the alert is about, for the ticket summary ("User Lockout — jdoe@acme.com"). */
  subjectKind: 'user' | 'device';
}

export const ALERT_CATALOGUE: readonly AlertDefinitionData[] = [
  {
    id: AlertType.DISK_ENCRYPTION_KEY_DECRYPTED,
    name: 'Disk Encryption Key Decrypted',
    category: 'Device',
    description: "A device's full disk encryption recovery key was decrypted (viewed) by an administrator.",
    subjectKind: 'device',
  },
  {
    id: AlertType.USER_ADMIN_ACCESS_GRANTED,
    name: 'User Admin Access Granted',
    category: 'User',
    description: 'A user was given administrator (sudo / local admin) rights on a device.',
    subjectKind: 'user',
  },
  {
    id: AlertType.USER_LOCKOUT,
    name: 'User Lockout',
    category: 'User',
    description: 'A user account was locked after too many failed sign-in attempts.',
    subjectKind: 'user',
  },
  {
    id: AlertType.USER_PASSWORD_EXPIRED,
    name: 'User Password Expired',
    category: 'User',
    description: "A user's password expired; they cannot sign in until it is changed.",
    subjectKind: 'user',
  },
];

const byType = new Map(ALERT_CATALOGUE.map((alert) => [alert.id, alert]));

/** The GraphQL name of an alert type (USER_LOCKOUT), as clients see it in error details. */
export function alertTypeName(type: AlertType): string {
  return (Object.keys(AlertType) as (keyof typeof AlertType)[]).find((key) => AlertType[key] === type) ?? String(type);
}

export function alertDefinition(type: AlertType): AlertDefinitionData {
  const definition = byType.get(type);
  if (!definition) throw new Error(`unknown alert type ${String(type)}`);
  return definition;
}

/**
 * THE event-type → alert-type table: which JumpCloud Directory Insights events (`event_type`, per
 * `service`) raise which alert. JumpCloud does not publish this mapping, so it lives here, in one
 * place, for the Directory Insights poller (and anything else that reads raw events) to use through
 * `alertTypeForEvent`. Scripts calling `reportAlerts` name the alert type themselves.
 *
 * UNVERIFIED: the event type names below are our reading of the Directory Insights event catalogue;
 * check them against a real tenant's events before turning the poller on, and correct them here.
 */
export const JUMPCLOUD_EVENT_ALERT_TYPES: readonly { service: string; eventType: string; alertType: AlertType }[] = [
  { service: 'directory', eventType: 'fde_key_decrypted', alertType: AlertType.DISK_ENCRYPTION_KEY_DECRYPTED },
  { service: 'systems', eventType: 'fde_key_decrypted', alertType: AlertType.DISK_ENCRYPTION_KEY_DECRYPTED },
  { service: 'systems', eventType: 'user_admin_granted', alertType: AlertType.USER_ADMIN_ACCESS_GRANTED },
  { service: 'directory', eventType: 'user_admin_granted', alertType: AlertType.USER_ADMIN_ACCESS_GRANTED },
  { service: 'systems', eventType: 'user_lockout', alertType: AlertType.USER_LOCKOUT },
  { service: 'directory', eventType: 'user_locked_out', alertType: AlertType.USER_LOCKOUT },
  { service: 'systems', eventType: 'password_expired', alertType: AlertType.USER_PASSWORD_EXPIRED },
  { service: 'directory', eventType: 'user_password_expired', alertType: AlertType.USER_PASSWORD_EXPIRED },
];

/** The alert a Directory Insights event raises, or undefined when it raises none. Case-insensitive. */
export function alertTypeForEvent(service: string, eventType: string): AlertType | undefined {
  const s = service.toLowerCase();
  const e = eventType.toLowerCase();
  return JUMPCLOUD_EVENT_ALERT_TYPES.find((row) => row.service === s && row.eventType === e)?.alertType;
}
