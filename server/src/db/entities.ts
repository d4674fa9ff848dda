import { Admin } from '../features/auth/admin.entity.js';
import { ApiToken } from '../features/auth/api-token.entity.js';
import { Provider } from '../features/auth/provider.entity.js';
import { SetupLink } from '../features/auth/setup-link.entity.js';
import { SignInFailure } from '../features/auth/sign-in-attempt.entity.js';
import { Organization } from '../features/organizations/organization.entity.js';
import { MonthlyWatermark, UsageSample } from '../features/organizations/usage.entity.js';
import { AuditEntry } from '../features/audit/audit.entity.js';
import { ConnectWiseIntegration } from '../features/integration/integration.entity.js';
import { JumpCloudAlertCursor } from '../features/jumpcloud-connector/alert-cursor.entity.js';
import { SsoSettings } from '../features/sso/sso-settings.entity.js';
import { JumpCloudConnection } from '../features/jumpcloud-connector/jumpcloud-connection.entity.js';
import { Mapping } from '../features/mappings/mapping.entity.js';
import { SyncResult, SyncRun } from '../features/sync/sync.entity.js';
import { AlertEvent } from '../features/ticketing/alert-event.entity.js';
import { Incident, IncidentActivity } from '../features/ticketing/incident.entity.js';
import { AlertSetting, TicketingSettings } from '../features/ticketing/alert-settings.entity.js';
import { BaseEntity } from './base.entity.js';

/** Every persisted entity. A new feature's entity is added here and gets a migration. */
export const entities = [BaseEntity, Provider, Admin, ApiToken, SetupLink, SignInFailure, SsoSettings, Organization, UsageSample, MonthlyWatermark, ConnectWiseIntegration, JumpCloudConnection, JumpCloudAlertCursor, Mapping, AuditEntry, SyncRun, SyncResult, TicketingSettings, AlertSetting, AlertEvent, Incident, IncidentActivity];
