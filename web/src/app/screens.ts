import type { RouteComponent } from 'vue-router';

export interface Screen {
  /** Path under the app shell, e.g. `status` → `/status`. */
  path: string;
  name: string;
  /** Navigation label and page title. */
  label: string;
  component: () => Promise<RouteComponent>;
}

/**
 * The signed-in screens, in navigation order. Adding a screen is one entry here: the router and the
 * navigation are both built from this list. The first entry is where `/` and a fresh sign-in land.
 * Each screen is its own chunk, loaded when first visited.
 */
export const screens: [Screen, ...Screen[]] = [
  {
    path: 'integrations',
    name: 'integrations',
    label: 'Integrations',
    component: () => import('../features/integration/IntegrationsPage.vue'),
  },
  {
    path: 'company-types',
    name: 'company-types',
    label: 'Company types',
    component: () => import('../features/company-types/CompanyTypesPage.vue'),
  },
  {
    path: 'companies',
    name: 'companies',
    label: 'Companies & Agreements',
    component: () => import('../features/mappings/CompaniesPage.vue'),
  },
  {
    path: 'sync',
    name: 'sync',
    label: 'Sync',
    component: () => import('../features/sync/SyncPage.vue'),
  },
  {
    path: 'ticketing',
    name: 'ticketing',
    label: 'Ticketing',
    component: () => import('../features/ticketing/TicketingPage.vue'),
  },
  {
    path: 'audit-log',
    name: 'audit-log',
    label: 'Audit log',
    component: () => import('../features/audit/AuditLogPage.vue'),
  },
  {
    path: 'status',
    name: 'status',
    label: 'Status',
    component: () => import('../features/status/StatusPage.vue'),
  },
];
