/**
 * `/admin` without its slash, and unknown admin paths: inside the guard, so an anonymous visitor
 * is sent to sign in and nobody learns which admin paths exist.
 */
import { adminRoute, NO_INPUT, type AdminRoute } from './registry.js';
import { notFound } from './views/page.js';

export const fallbackRoutes: AdminRoute[] = [
  adminRoute('GET', '/admin', 'anonymous', NO_INPUT, async (_ctx, _req, reply) => reply.code(302).header('location', '/admin/').send()),
  adminRoute('GET', '/admin/*', 'contributor', NO_INPUT, async (ctx, req, reply) => notFound(ctx, req, reply)),
];
