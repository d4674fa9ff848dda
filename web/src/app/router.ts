import { watch } from 'vue';
import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import LoginPage from '../features/auth/LoginPage.vue';
import SetupPage from '../features/auth/SetupPage.vue';
import type { Role } from './access';
import type { AuthStore } from './auth';
import AppShell from './AppShell.vue';
import HomeLanding from './HomeLanding.vue';
import { screens, type Integration, type Screen } from './screens';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a token (the login and setup screens). */
    public?: boolean;
    title?: string;
    /** Integrations whose failure the screen shows a banner for. */
    dependsOn?: Integration[];
    /** The roles that may use the screen, any one of them; the shell explains the need to anyone else. */
    roles?: Role[];
    /** Reached from another screen, not offered in the navigation. */
    hidden?: boolean;
  }
}

export function createAppRouter(
  auth: AuthStore,
  history: RouterHistory = createWebHistory(),
  list: Screen[] = screens,
) {
  // `/` and a fresh sign-in: the landing page waits for the admin's roles, then opens the first screen they allow.
  const home = { name: 'home' };
  const router = createRouter({
    history,
    routes: [
      { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: 'Sign in' } },
      // An invitation's or reset's setup link: `/setup#<token>`; it works signed in or out.
      { path: '/setup', name: 'setup', component: SetupPage, meta: { public: true, title: 'Set your password' } },
      {
        path: '/',
        component: AppShell,
        children: [
          { path: '', name: 'home', component: HomeLanding },
          ...list.map(({ path, name, label, component, dependsOn, roles, hidden }) => ({
            path,
            name,
            component,
            meta: { title: label, dependsOn, roles, hidden },
          })),
        ],
      },
      { path: '/:unknown(.*)*', redirect: '/' },
    ],
  });

  router.beforeEach((to) => {
    const signedIn = auth.signedIn.value;
    if (!to.meta.public && !signedIn) {
      return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    }
    if (to.name === 'login' && signedIn) return home;
    return true;
  });

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · highwater` : 'highwater';
  });

  // Signed in or out from anywhere (the login form, the logout button, a rejected token, another tab): the
  // router alone decides where that leads.
  watch(auth.signedIn, (signedIn) => {
    const current = router.currentRoute.value;
    if (!signedIn && !current.meta.public) {
      const query = auth.notice.value ? { redirect: current.fullPath } : {};
      void router.replace({ name: 'login', query });
    } else if (signedIn && current.name === 'login') {
      void router.replace(redirectTarget(current.query.redirect) ?? home);
    }
  });

  return router;
}

/** Where to go after signing in: the page the admin was sent away from, if it is one of ours. */
export function redirectTarget(query: unknown): string | null {
  return typeof query === 'string' && query.startsWith('/') && !query.startsWith('//') ? query : null;
}

export interface NavigationItem {
  name: string;
  label: string;
  /** The roles that may use the screen, any one of them; none: every signed-in admin. */
  roles?: Role[];
}

/** The signed-in screens in navigation order, read back from the router so the screen list stays the one source. */
export function navigationOf(router: Router): NavigationItem[] {
  const shell = router.options.routes.find((route) => route.path === '/');
  return (shell?.children ?? []).flatMap((route) =>
    typeof route.name === 'string' && route.meta?.title && !route.meta.hidden
      ? [{ name: route.name, label: route.meta.title, roles: route.meta.roles }]
      : [],
  );
}
