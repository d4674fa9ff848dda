import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, RequestHandler, Response } from 'express';
import { Admin } from './admin.entity.js';
import type { AuthService } from './auth.service.js';
import type { SessionCookie } from './session-cookie.js';

/**
 * `pnpm demo`'s one link: opening it starts a browser session for the demo admin. Only a process that
 * passes `demoSignIn` to createApp (the demo and the e2e world) has the route, under a random path.
 */
export interface DemoSignIn {
  /** e.g. `/auth/demo/<random>`; the path is the secret. */
  path: string;
  /** Known before the admin exists: the demo creates it once the app is up. */
  adminEmail: string;
}

export function demoSignInHandler(
  services: () => { em: EntityManager; auth: AuthService },
  sessionCookieOn: (req: Request, res: Response) => SessionCookie,
  demo: DemoSignIn,
): RequestHandler {
  return async (req, res, next) => {
    try {
      const { em, auth } = services();
      const admin = await em.findOne(Admin, { email: demo.adminEmail, deactivatedAt: null }, { populate: ['provider'], filters: false });
      if (!admin) return void res.status(404).end();
      const { token } = await auth.issueBrowserSession(admin, admin.provider.id, req.headers['user-agent']);
      sessionCookieOn(req, res).start(token);
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, '/login?signed-in=demo');
    } catch (error) {
      next(error);
    }
  };
}
