/**
 * Every admin route, and their registration in one Fastify scope that guards them all.
 *
 * `ADMIN_MODULES` is the one list: the route × role test reads it, and an `onRoute` check refuses
 * at boot any `/admin` route that was not registered through it, so no route can skip the guard or
 * the check of its input against its schemas (./input.tsx).
 */
import type { FastifyInstance } from 'fastify';
import type { NewsroomContext } from './context.js';
import type { AdminModule, AdminRoute } from './registry.js';
import { addAdminFormParser } from './form.js';
import { addGuard } from './guard.js';
import { runAdminRoute } from './input.js';
import { authRoutes } from './auth/routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { moderationRoutes } from './moderation/routes.js';
import { accountRoutes } from './accounts/routes.js';
import { profileRoutes } from './accounts/profile-routes.js';
import { settingsRoutes } from './settings/routes.js';
import { fallbackRoutes } from './fallback.js';
import { articleRoutes, pageRoutes } from './articles/routes.js';
import { mediaModule } from './media/routes.js';
import { taxonomyRoutes } from './taxonomy/routes.js';
import { frontRoutes } from './front/routes.js';

/** The largest body an anonymous admin route (sign-in, password forms) reads. */
export const ANONYMOUS_BODY_LIMIT = 16 * 1024;

/** Every admin feature's routes. Add a line here for a new one. */
export const ADMIN_MODULES: AdminModule[] = [
  { name: 'auth', routes: authRoutes },
  { name: 'dashboard', routes: dashboardRoutes },
  { name: 'moderation', routes: moderationRoutes },
  { name: 'users', routes: accountRoutes },
  { name: 'profile', routes: profileRoutes },
  { name: 'settings', routes: settingsRoutes },
  { name: 'articles', routes: articleRoutes },
  { name: 'pages', routes: pageRoutes },
  mediaModule,
  { name: 'taxonomy', routes: taxonomyRoutes },
  { name: 'front', routes: frontRoutes },
  // Last: answers unknown /admin paths with the admin 404 (after the guard) instead of the site's.
  { name: 'fallback', routes: fallbackRoutes },
];

/** Every admin route, flattened. */
export function adminRoutes(): AdminRoute[] {
  return ADMIN_MODULES.flatMap((m) => m.routes);
}

const isAdminPath = (url: string) => url === '/admin' || url.startsWith('/admin/');

/** Registers the newsroom under /admin. */
export function registerNewsroomRoutes(app: FastifyInstance, ctx: NewsroomContext): void {
  app.addHook('onRoute', (opts) => {
    const config = opts.config as { newsroom?: string; input?: unknown } | undefined;
    if (isAdminPath(opts.url) && (!config?.newsroom || !config.input)) {
      throw new Error(
        `${opts.method} ${opts.url} is an admin route outside ADMIN_MODULES: declare it with adminRoute() so it is guarded and its input checked`,
      );
    }
  });
  app.register(async (scope) => {
    addAdminFormParser(scope);
    addGuard(scope, ctx);
    for (const m of ADMIN_MODULES) {
      await scope.register(async (child) => {
        m.setup?.(child, ctx);
        for (const r of m.routes) {
          child.route({
            method: r.method,
            url: r.path,
            // `input`: the schemas runAdminRoute reads the request with (./input.tsx).
            config: { newsroom: r.role, input: r.input },
            // Routes anyone may call (sign-in, password reset) read small bodies; the newsroom's own
            // forms (word lists, story bodies) may be larger, and their bodies are read only after the
            // guard has admitted a signed-in user.
            bodyLimit: r.role === 'anonymous' ? ANONYMOUS_BODY_LIMIT : undefined,
            handler: (req, reply) => runAdminRoute(ctx, r, req, reply),
          });
        }
      });
    }
  });
}
