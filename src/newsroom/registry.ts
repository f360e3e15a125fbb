/**
 * The declaration of an admin route: method, path, the least role it admits, the schemas of what
 * it reads, and its handler. Every admin route is one of these, listed in `ADMIN_MODULES`
 * (routes.ts), so the guard, the input check and the route × role test cover each one without
 * anyone remembering to.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteRole } from './access.js';
import type { NewsroomContext } from './context.js';

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a route reads, each part a zod schema (pieces in ../kernel/input.ts). A state-changing route
 * declares its `body` (a strict `form(…)`, so a field the form does not have is refused), a route
 * with `:params` its `params`, a page that reads its query string its `query`. A part left out is
 * not read: the handler gets `undefined` for it.
 */
export interface RouteInput {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The parsed input a handler receives. */
export interface Parsed<I extends RouteInput> {
  body: Out<I['body']>;
  query: Out<I['query']>;
  params: Out<I['params']>;
}

export type AdminHandler<I extends RouteInput = RouteInput> = (
  ctx: NewsroomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  input: Parsed<I>,
) => Promise<unknown>;

export interface AdminRoute {
  method: AdminMethod;
  /** Fastify path, e.g. `/admin/comments/:id/edit`. */
  path: string;
  /** The least role admitted; `anonymous` admits everyone. */
  role: RouteRole;
  input: RouteInput;
  // biome-ignore lint/suspicious/noExplicitAny: each route's handler is typed by its own input; the list holds them all
  handler: AdminHandler<any>;
}

/** A feature's routes, and optional set-up of the admin scope (a body parser, a decorator). */
export interface AdminModule {
  name: string;
  routes: AdminRoute[];
  setup?(scope: FastifyInstance, ctx: NewsroomContext): void;
}

/** A route that reads nothing but its address (a page without a query, a button with no fields is still a `form({})`). */
export const NO_INPUT = {} as const;

/** Declares an admin route; refuses at boot one that changes state without a body schema, or has `:params` without theirs. */
export function adminRoute<I extends RouteInput>(method: AdminMethod, path: string, role: RouteRole, input: I, handler: AdminHandler<I>): AdminRoute {
  if (!path.startsWith('/admin')) throw new Error(`admin route ${path} must start with /admin`);
  if (isStateChanging(method) && !input.body) throw new Error(`${method} ${path} changes state: declare its body's schema`);
  if (path.includes('/:') && !input.params) throw new Error(`${method} ${path} has path parameters: declare their schema`);
  return { method, path, role, input, handler };
}

/** True for methods that change state and therefore need a CSRF token. */
export function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
