/**
 * Route inputs declared as zod schemas and read through one function: a value that does not fit
 * is refused with GAZ_ERR_INVALID_INPUT (400) naming the first field at fault, answered by the one
 * error handler (server/app.ts). Shared pieces keep the budgets alike on every route: short strings,
 * bounded page numbers, capped lists.
 */
import { z } from 'zod';
import { GazetteError } from './errors.js';
import { ERRORS } from './error-catalogue.js';

/** Input that does not fit its route's schema. */
export class InputError extends GazetteError<'GAZ_ERR_INVALID_INPUT'> {
  constructor(message: string) {
    super('GAZ_ERR_INVALID_INPUT', ERRORS.GAZ_ERR_INVALID_INPUT.status, message);
  }
}

/** Parses `value` with `schema`, or throws {@link InputError} naming the first field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the request';
  throw new InputError(`${ERRORS.GAZ_ERR_INVALID_INPUT.message} (${where}: ${issue.message})`);
}

/** One value of a query or form field: a string of at most `max` characters (a repeated name keeps its first value). */
export const text = (max: number) => z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().max(max).optional()).transform((v) => v ?? '');

/** A page number: 1 when absent or not a number, refused above `max`. */
export const pageNumber = (max: number) =>
  z.preprocess((v) => {
    const s = Array.isArray(v) ? v[0] : v;
    const n = typeof s === 'string' && /^\d{1,9}$/.test(s) ? Number(s) : 1;
    return Math.max(1, n);
  }, z.number().int().max(max));

/** A positive database id, or undefined when absent or not one. */
export const optionalId = z.preprocess((v) => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && /^\d{1,15}$/.test(s) && Number(s) > 0 ? Number(s) : undefined;
}, z.number().int().positive().optional());

/** Every value of a repeated field, at most `max` of them, each at most `each` characters. */
export const list = (max: number, each: number) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(each)).max(max));
