import type { RouteComponent } from 'vue-router';
import type { Role } from './access';

/** An integration a screen's data comes from or goes to. */
export type Integration = 'connectWise' | 'jumpCloud';

export interface Screen {
  /** Path under the app shell, e.g. `status` → `/status`. */
  path: string;
  name: string;
  /** Navigation label and page title. */
  label: string;
  component: () => Promise<RouteComponent>;
  /** While one of these is FAILING, the screen shows a banner saying why and linking to Integrations. */
  dependsOn?: Integration[];
  /**
   * The roles that may use the screen, any one of them (the roles its operations are `@Authorized` for on
   * the server). Others are not offered it, and a direct link explains which role is needed.
   * None: every signed-in admin.
   */
  roles?: Role[];
  /** A page reached from another screen (e.g. one organization's), not listed in the navigation. */
  hidden?: boolean;
}

/**
 * The signed-in screens, in navigation order. Adding a screen is one entry here: the router and the
 * navigation are both built from this list. `/` and a fresh sign-in land on the first entry the admin's
 * roles allow.
 * Each screen is its own chunk, loaded when first visited.
 */
export const screens: [Screen, ...Screen[]] = [
  {
    path: 'integrations',
    name: 'integrations',
    roles: ['BILLING'],
    label: 'Integrations',
    component: () => import('../features/integration/IntegrationsPage.vue'),
  },
  {
    path: 'jumpcloud',
    name: 'jumpcloud',
    roles: ['BILLING'],
    label: 'JumpCloud',
    component: () => import('../features/jumpcloud/JumpCloudPage.vue'),
  },
  {
    path: 'organizations',
    name: 'organizations',
    roles: ['BILLING'],
    label: 'Organizations',
    component: () => import('../features/organizations/OrganizationsPage.vue'),
  },
  {
    path: 'organizations/:id',
    name: 'organization',
    roles: ['BILLING'],
    label: 'Organization',
    hidden: true,
    component: () => import('../features/organizations/OrganizationPage.vue'),
  },
  {
    path: 'company-types',
    name: 'company-types',
    roles: ['BILLING'],
    dependsOn: ['connectWise'],
    label: 'Company types',
    component: () => import('../features/company-types/CompanyTypesPage.vue'),
  },
  {
    path: 'companies',
    name: 'companies',
    roles: ['BILLING'],
    dependsOn: ['connectWise', 'jumpCloud'],
    label: 'Companies & Agreements',
    component: () => import('../features/mappings/CompaniesPage.vue'),
  },
  {
    path: 'sync',
    name: 'sync',
    roles: ['BILLING'],
    dependsOn: ['connectWise', 'jumpCloud'],
    label: 'Sync',
    component: () => import('../features/sync/SyncPage.vue'),
  },
  {
    path: 'ticketing',
    name: 'ticketing',
    roles: ['BILLING'],
    dependsOn: ['connectWise', 'jumpCloud'],
    label: 'Ticketing',
    component: () => import('../features/ticketing/TicketingPage.vue'),
  },
  {
    path: 'people',
    name: 'people',
    roles: ['ADMIN'],
    label: 'People',
    component: () => import('../features/people/PeoplePage.vue'),
  },
  {
    path: 'single-sign-on',
    name: 'single-sign-on',
    roles: ['ADMIN'],
    label: 'Single sign-on',
    component: () => import('../features/sso/SingleSignOnPage.vue'),
  },
  {
    path: 'audit-log',
    name: 'audit-log',
    roles: ['BILLING'],
    label: 'Audit log',
    component: () => import('../features/audit/AuditLogPage.vue'),
  },
  {
    path: 'status',
    name: 'status',
    label: 'Status',
    component: () => import('../features/status/StatusPage.vue'),
  },
  // After Status, not before: `/` lands on the first screen an admin may use, and that stays Status.
  {
    path: 'account',
    name: 'account',
    label: 'Account',
    component: () => import('../features/account/AccountPage.vue'),
  },
];
