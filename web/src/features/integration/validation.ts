import type { ActionableError } from '../../app/errors';

export type ConnectField = 'site' | 'companyId' | 'publicKey' | 'privateKey';

export interface ConnectValues {
  site: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
}

/** The product document's own words for the most common mistake. */
export const HTTPS_HINT = "Don't include the https:// in the URL.";

/** The fields in the order they appear, so the first invalid one gets focus. */
export const CONNECT_FIELDS: ConnectField[] = ['site', 'publicKey', 'privateKey', 'companyId'];

export function validateSite(value: string): string | null {
  const site = value.trim();
  if (!site) return 'Enter the Base URL of your ConnectWise Manage site.';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(site) || /^https?:/i.test(site)) return HTTPS_HINT;
  if (/\s/.test(site) || site.includes('/')) {
    return 'Enter just the host name, e.g. api-na.myconnectwise.net, without a path or spaces.';
  }
  return null;
}

/** What the browser can check before asking ConnectWise; the server checks the same and more. */
export function validateConnect(values: ConnectValues): Partial<Record<ConnectField, ActionableError>> {
  const errors: Partial<Record<ConnectField, ActionableError>> = {};
  const site = validateSite(values.site);
  if (site) errors.site = { message: site };
  if (!values.publicKey.trim()) errors.publicKey = { message: 'Enter the public API key.' };
  if (!values.privateKey.trim()) errors.privateKey = { message: 'Enter the private API key.' };
  if (!values.companyId.trim()) {
    errors.companyId = { message: 'Enter the Company ID you sign in to ConnectWise Manage with.' };
  } else if (/\s/.test(values.companyId.trim())) {
    errors.companyId = { message: 'The Company ID has no spaces.' };
  }
  return errors;
}

export function isConnectField(field: string | undefined): field is ConnectField {
  return field === 'site' || field === 'companyId' || field === 'publicKey' || field === 'privateKey';
}

/** What the admin types to confirm disabling the integration, as the product document names the button. */
export const CONFIRM_PHRASE = 'Disable & Clear';
