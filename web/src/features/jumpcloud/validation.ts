import type { ActionableError } from '../../app/errors';
import type { JumpCloudUserState } from '../../gql/graphql';

export type ConnectField = 'providerId' | 'apiKey' | 'baseUrl' | 'insightsBaseUrl';
export type SettingsField = 'apiKey' | 'excludedUserStates' | 'pollIntervalMinutes';

export interface ConnectValues {
  providerId: string;
  apiKey: string;
  baseUrl: string;
  insightsBaseUrl: string;
}

/** The connect form's fields in the order they appear, so the first invalid one gets focus. */
export const CONNECT_FIELDS: ConnectField[] = ['providerId', 'apiKey', 'baseUrl', 'insightsBaseUrl'];
export const SETTINGS_FIELDS: SettingsField[] = ['apiKey', 'excludedUserStates', 'pollIntervalMinutes'];

/** The server's limits for the poll interval (UpdateJumpCloudConnectionInput.pollIntervalMinutes). */
export const MIN_POLL_INTERVAL_MINUTES = 5;
export const MAX_POLL_INTERVAL_MINUTES = 1440;

/** Every user state, in the order JumpCloud's lifecycle goes. */
export const USER_STATES: { state: JumpCloudUserState; label: string; hint: string }[] = [
  { state: 'ACTIVATED', label: 'Activated', hint: 'Users who can sign in.' },
  { state: 'STAGED', label: 'Staged', hint: 'Created, not yet activated.' },
  { state: 'SUSPENDED', label: 'Suspended', hint: 'Blocked from signing in.' },
];

function checkUrl(value: string, name: string): ActionableError | null {
  const url = value.trim();
  if (!url) return null;
  if (!/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(url)) {
    return { message: `${name} must be an https URL, e.g. https://console.eu.jumpcloud.com, without a query.` };
  }
  return null;
}

/** What the browser can check before asking JumpCloud; the server checks the same and more. */
export function validateConnect(values: ConnectValues): Partial<Record<ConnectField, ActionableError>> {
  const errors: Partial<Record<ConnectField, ActionableError>> = {};
  const providerId = values.providerId.trim();
  if (!providerId) errors.providerId = { message: "Enter your provider id from JumpCloud's Multi-Tenant Portal." };
  else if (/\s/.test(providerId)) errors.providerId = { message: 'The provider id has no spaces.' };
  const apiKey = values.apiKey.trim();
  if (!apiKey) errors.apiKey = { message: 'Enter the API key of a Multi-Tenant Portal administrator.' };
  else if (/\s/.test(apiKey)) errors.apiKey = { message: 'The API key has no spaces.' };
  const baseUrl = checkUrl(values.baseUrl, 'The Console API URL');
  if (baseUrl) errors.baseUrl = baseUrl;
  const insights = checkUrl(values.insightsBaseUrl, 'The Directory Insights URL');
  if (insights) errors.insightsBaseUrl = insights;
  return errors;
}

export interface SettingsValues {
  apiKey: string;
  counted: JumpCloudUserState[];
  pollIntervalMinutes: string;
}

export function validateSettings(values: SettingsValues): Partial<Record<SettingsField, ActionableError>> {
  const errors: Partial<Record<SettingsField, ActionableError>> = {};
  if (/\s/.test(values.apiKey.trim())) errors.apiKey = { message: 'The API key has no spaces.' };
  if (values.counted.length === 0) {
    errors.excludedUserStates = { message: 'Choose at least one user state to count.' };
  }
  const interval = values.pollIntervalMinutes.trim();
  const minutes = Number(interval);
  if (!/^\d+$/.test(interval) || minutes < MIN_POLL_INTERVAL_MINUTES || minutes > MAX_POLL_INTERVAL_MINUTES) {
    errors.pollIntervalMinutes = {
      message: `Enter a whole number of minutes from ${MIN_POLL_INTERVAL_MINUTES} to ${MAX_POLL_INTERVAL_MINUTES}.`,
    };
  }
  return errors;
}

/** The server stores the states that do *not* count; the screen asks for the ones that do. */
export function excludedFrom(counted: readonly JumpCloudUserState[]): JumpCloudUserState[] {
  return USER_STATES.map(({ state }) => state).filter((state) => !counted.includes(state));
}

export function isConnectField(field: string | undefined): field is ConnectField {
  return CONNECT_FIELDS.includes(field as ConnectField);
}

export function isSettingsField(field: string | undefined): field is SettingsField {
  return SETTINGS_FIELDS.includes(field as SettingsField);
}
