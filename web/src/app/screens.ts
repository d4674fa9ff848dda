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
 */
export const screens: [Screen, ...Screen[]] = [
  {
    path: 'status',
    name: 'status',
    label: 'Status',
    component: () => import('../features/status/StatusPage.vue'),
  },
];
