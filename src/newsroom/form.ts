/**
 * Form bodies: `application/x-www-form-urlencoded` parsed into a record whose repeated names
 * (checkbox lists) become arrays.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addFormParser } from '../kernel/form-body.js';

export type FormBody = Record<string, string | string[]>;

/** Large enough for the settings page's word lists (up to 100,000 characters each). */
const FORM_LIMIT = 1024 * 1024;

/**
 * Adds the urlencoded parser to the admin scope, replacing (only inside it) one another feature
 * added at the root: admin forms rely on repeated names becoming arrays.
 */
export function addAdminFormParser(scope: FastifyInstance): void {
  addFormParser(scope, { bodyLimit: FORM_LIMIT, repeated: 'list' });
}

/** The request's form body (empty for a request without one). */
export function formBody(req: FastifyRequest): FormBody {
  const b = req.body;
  return b && typeof b === 'object' ? (b as FormBody) : {};
}

/** One field as a string (the first value when repeated), trimmed unless `keepSpace`. */
export function field(body: FormBody, name: string, keepSpace = false): string {
  const v = body[name];
  const s = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  return keepSpace ? s : s.trim();
}

/** Every value of a repeated field. */
export function fields(body: FormBody, name: string): string[] {
  const v = body[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Positive integer ids from a repeated field, invalid ones dropped. */
export function ids(body: FormBody, name: string): number[] {
  return fields(body, name)
    .map((s) => Number(s))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
}
