import { describe, expect, it } from 'vitest';
import { inCatalogue } from '../../../test-support/jumpcloud-sim/catalogue.js';
import { AlertEventKind, alertTypeForEvent, AlertType, classifyJumpCloudEvent, JUMPCLOUD_EVENT_ALERT_TYPES } from './alert-types.js';
import { requiredDate, ticketDescription, ticketInput, ticketSummary } from './ticket-content.js';

describe('requiredDate', () => {
  it('is the end of the due day in New York, in UTC', () => {
    // 14:00 UTC on 25 November is 09:00 EST; due 2 days later at 23:59:59 EST = 04:59:59 UTC next day.
    expect(requiredDate(new Date('2026-11-25T14:00:00Z'), 2, 'America/New_York')).toBe('2026-11-28T04:59:59Z');
  });

  it('counts days on the billing calendar, not UTC: 03:00 UTC is still the previous evening in New York', () => {
    expect(requiredDate(new Date('2026-11-26T03:00:00Z'), 0, 'America/New_York')).toBe('2026-11-26T04:59:59Z');
  });

  it('follows daylight saving time (EDT before 1 November 2026, EST after)', () => {
    expect(requiredDate(new Date('2026-10-30T12:00:00Z'), 0, 'America/New_York')).toBe('2026-10-31T03:59:59Z');
    expect(requiredDate(new Date('2026-10-30T12:00:00Z'), 3, 'America/New_York')).toBe('2026-11-03T04:59:59Z');
  });

  it('works east of UTC and across month and year ends', () => {
    expect(requiredDate(new Date('2026-12-31T20:00:00Z'), 1, 'Europe/Berlin')).toBe('2027-01-01T22:59:59Z');
    expect(requiredDate(new Date('2026-02-27T10:00:00Z'), 365, 'UTC')).toBe('2027-02-27T23:59:59Z');
  });
});

describe('ticket summary and description', () => {
  it('names the alert and the subject, within 100 characters', () => {
    expect(ticketSummary(AlertType.USER_LOCKOUT, 'jdoe@acme.com')).toBe('User Lockout — jdoe@acme.com');
    const long = ticketSummary(AlertType.USER_PASSWORD_EXPIRED, 'x'.repeat(200));
    expect(long).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
  });

  it('describes the event with its details and our reference', () => {
    const event = {
      id: '6f1c2a52-0000-4000-8000-000000000001',
      externalEventId: 'di-123',
      alertType: AlertType.DISK_ENCRYPTION_KEY_DECRYPTED,
      subject: 'LAPTOP-42',
      details: { admin: 'it@acme.com', attempts: 3 },
      occurredAt: new Date('2026-11-25T14:00:00Z'),
      organization: { name: 'Acme, Inc.', externalId: 'jc-5f1c' },
    };
    const text = ticketDescription(event, 'America/New_York');
    expect(text).toContain('JumpCloud alert: Disk Encryption Key Decrypted');
    expect(text).toContain('Organization: Acme, Inc. (jc-5f1c)');
    expect(text).toContain('Device: LAPTOP-42');
    expect(text).toContain('Occurred: 2026-11-25T14:00:00.000Z (2026-11-25 09:00 America/New_York)');
    expect(text).toContain('  admin: it@acme.com');
    expect(text).toContain('  attempts: 3');
    expect(text).toContain(`highwater:${event.id}`);
    expect(ticketInput(event, { companyId: 19000, priorityId: null, sourceId: 7, dueDays: 1, timeZone: 'America/New_York' })).toMatchObject({
      summary: 'Disk Encryption Key Decrypted — LAPTOP-42',
      companyId: 19000,
      priorityId: undefined,
      sourceId: 7,
      requiredDate: '2026-11-27T04:59:59Z',
      externalXRef: `highwater:${event.id}`,
    });
  });
});

describe('the Directory Insights event table', () => {
  it('raises every alert from at least one event type, case-insensitively', () => {
    const alerts = JUMPCLOUD_EVENT_ALERT_TYPES.filter((row) => row.kind === AlertEventKind.ALERT);
    expect(new Set(alerts.map((row) => row.alertType))).toEqual(new Set(Object.values(AlertType)));
    expect(alertTypeForEvent('Systems', 'USER_LOCKOUT')).toBe(AlertType.USER_LOCKOUT);
    expect(alertTypeForEvent('directory', 'user_login_attempt')).toBeUndefined();
  });

  it('names only events JumpCloud publishes, under the service that sends them', () => {
    for (const row of JUMPCLOUD_EVENT_ALERT_TYPES) expect(inCatalogue(row.service, row.eventType), `${row.service}/${row.eventType}`).toBe(true);
    expect(alertTypeForEvent('systems', 'system_fde_key_decrypt')).toBe(AlertType.DISK_ENCRYPTION_KEY_DECRYPTED);
    // In the catalogue, but under the other service, or not an alert.
    expect(alertTypeForEvent('directory', 'system_fde_key_decrypt')).toBeUndefined();
    expect(alertTypeForEvent('systems', 'user_password_expired')).toBeUndefined();
    expect(alertTypeForEvent('directory', 'user_group_admin_grant')).toBeUndefined();
  });

  it('knows resolution events without letting them raise an alert', () => {
    expect(classifyJumpCloudEvent('directory', 'user_unlocked')).toEqual({ kind: AlertEventKind.RESOLUTION, alertType: AlertType.USER_LOCKOUT });
    expect(classifyJumpCloudEvent('systems', 'user_password_change')).toEqual({ kind: AlertEventKind.RESOLUTION, alertType: AlertType.USER_PASSWORD_EXPIRED });
    expect(alertTypeForEvent('directory', 'user_admin_revoked')).toBeUndefined();
  });
});
