import type { RouteComponent } from 'vue-router';

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
    dependsOn: ['connectWise'],
    label: 'Company types',
    component: () => import('../features/company-types/CompanyTypesPage.vue'),
  },
  {
    path: 'companies',
    name: 'companies',
    dependsOn: ['connectWise', 'jumpCloud'],
    label: 'Companies & Agreements',
    component: () => import('../features/mappings/CompaniesPage.vue'),
  },
  {
    path: 'sync',
    name: 'sync',
    dependsOn: ['connectWise', 'jumpCloud'],
    label: 'Sync',
    component: () => import('../features/sync/SyncPage.vue'),
  },
  {
    path: 'ticketing',
    name: 'ticketing',
    dependsOn: ['connectWise', 'jumpCloud'],
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
