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

/** What a Directory Insights event is to highwater: an alert (opens a ticket) or the end of one (resolves its incident). */
export enum AlertEventKind {
  ALERT = 'alert',
  /** The catalogue event that undoes an alert's condition (a user unlocked, …): resolves the open incident, never opens a ticket. */
  RESOLUTION = 'resolution',
}
registerEnumType(AlertEventKind, { name: 'AlertEventKind', description: 'An alert, or an event that resolves one (a resolution note, and the ticket closed where set).' });

export interface JumpCloudEventRow {
  /** Directory Insights `service`, as the catalogue groups the event. */
  service: string;
  /** `event_type` exactly as in the catalogue. */
  eventType: string;
  kind: AlertEventKind;
  /** The alert raised, or (RESOLUTION) the alert whose condition the event ends. */
  alertType: AlertType;
}

/**
 * THE event-type → alert-type table: which JumpCloud Directory Insights events (`service`/`event_type`,
 * names exactly as in the "Event Types" tables of JumpCloud's Directory Insights API reference) raise
 * which alert, and which resolve one. The poller asks only for the services named here. Why each row is
 * (or is not) here is in README.md, Ticketing.
 */
export const JUMPCLOUD_EVENT_ALERT_TYPES: readonly JumpCloudEventRow[] = [
  // "A device's full disk encryption key was decrypted." (Systems Events)
  { service: 'systems', eventType: 'system_fde_key_decrypt', kind: AlertEventKind.ALERT, alertType: AlertType.DISK_ENCRYPTION_KEY_DECRYPTED },
  // "Admin granted user admin sudo privileges on device(s)." (Directory - User and Admin Events)
  { service: 'directory', eventType: 'user_admin_granted', kind: AlertEventKind.ALERT, alertType: AlertType.USER_ADMIN_ACCESS_GRANTED },
  // "A user account is locked out." (Directory) and "User is locked out of a system." (Systems)
  { service: 'directory', eventType: 'user_lockout', kind: AlertEventKind.ALERT, alertType: AlertType.USER_LOCKOUT },
  { service: 'systems', eventType: 'user_lockout', kind: AlertEventKind.ALERT, alertType: AlertType.USER_LOCKOUT },
  // "User's password expires." (Directory - User and Admin Events)
  { service: 'directory', eventType: 'user_password_expired', kind: AlertEventKind.ALERT, alertType: AlertType.USER_PASSWORD_EXPIRED },

  // Resolutions: each resolves the open incident of its alert type and subject (note, and close if set).
  { service: 'directory', eventType: 'user_unlocked', kind: AlertEventKind.RESOLUTION, alertType: AlertType.USER_LOCKOUT },
  { service: 'directory', eventType: 'user_password_change', kind: AlertEventKind.RESOLUTION, alertType: AlertType.USER_PASSWORD_EXPIRED },
  { service: 'systems', eventType: 'user_password_change', kind: AlertEventKind.RESOLUTION, alertType: AlertType.USER_PASSWORD_EXPIRED },
  { service: 'directory', eventType: 'user_admin_revoked', kind: AlertEventKind.RESOLUTION, alertType: AlertType.USER_ADMIN_ACCESS_GRANTED },
];

/** Whether any event resolves this alert type (Disk Encryption Key Decrypted has none). */
export function isResolvable(type: AlertType): boolean {
  return JUMPCLOUD_EVENT_ALERT_TYPES.some((row) => row.kind === AlertEventKind.RESOLUTION && row.alertType === type);
}

/** The services the table names: the only ones the poller asks Directory Insights for. */
export const JUMPCLOUD_ALERT_SERVICES: readonly string[] = [...new Set(JUMPCLOUD_EVENT_ALERT_TYPES.map((row) => row.service))].sort();

/** What a Directory Insights event is (alert or resolution, and of which alert type); undefined when neither. */
export function classifyJumpCloudEvent(service: string, eventType: string): { kind: AlertEventKind; alertType: AlertType } | undefined {
  // The catalogue's names, compared without regard to case (JumpCloud sends them lower-case).
  const s = service.toLowerCase();
  const e = eventType.toLowerCase();
  const row = JUMPCLOUD_EVENT_ALERT_TYPES.find((candidate) => candidate.service === s && candidate.eventType === e);
  return row ? { kind: row.kind, alertType: row.alertType } : undefined;
}

/** The alert a Directory Insights event raises, or undefined when it raises none (resolutions raise none). */
export function alertTypeForEvent(service: string, eventType: string): AlertType | undefined {
  const found = classifyJumpCloudEvent(service, eventType);
  return found?.kind === AlertEventKind.ALERT ? found.alertType : undefined;
}
