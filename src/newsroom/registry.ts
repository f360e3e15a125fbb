/**
 * The declaration of an admin route: method, path, the least role it admits, and its handler.
 * Every admin route is one of these, listed in `ADMIN_MODULES` (routes.ts), so the guard and the
 * route × role test cover each one without anyone remembering to.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteRole } from './access.js';
import type { NewsroomContext } from './context.js';

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type AdminHandler = (ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface AdminRoute {
  method: AdminMethod;
  /** Fastify path, e.g. `/admin/comments/:id/edit`. */
  path: string;
  /** The least role admitted; `anonymous` admits everyone. */
  role: RouteRole;
  handler: AdminHandler;
}

/** A feature's routes, and optional set-up of the admin scope (a body parser, a decorator). */
export interface AdminModule {
  name: string;
  routes: AdminRoute[];
  setup?(scope: FastifyInstance, ctx: NewsroomContext): void;
}

/** Declares an admin route. */
export function adminRoute(method: AdminMethod, path: string, role: RouteRole, handler: AdminHandler): AdminRoute {
  if (!path.startsWith('/admin')) throw new Error(`admin route ${path} must start with /admin`);
  return { method, path, role, handler };
}

/** True for methods that change state and therefore need a CSRF token. */
export function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
