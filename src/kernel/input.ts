/**
 * Route inputs declared as zod schemas and read through one function: a value that does not fit
 * is refused with GAZ_ERR_INVALID_INPUT (400) naming each field at fault, answered by the one
 * error handler (server/app.ts) or, for a form, by the form again (newsroom/registry.ts). Shared
 * pieces keep the budgets alike on every route: short strings, bounded page numbers, capped lists.
 *
 * Two kinds of piece: lenient ones for query strings (`text`, `pageNumber`, `optionalId`, `list`:
 * junk reads as absent, a repeated name keeps its first value) and strict ones for forms that
 * change something (`one`, `maybe`, `many`, `idText`, `form`): a browser sends each field of a form
 * once and as text, so an array, an object, a missing field or a field the form does not have is
 * not a person's typing and is refused before any work.
 */
import { z } from 'zod';
import { GazetteError } from './errors.js';
import { ERRORS } from './error-catalogue.js';

/** `{ field: sentence }`, one per field at fault (`form` for the request as a whole). */
export type FieldErrors = Record<string, string>;

/** Input that does not fit its route's schema. */
export class InputError extends GazetteError<'GAZ_ERR_INVALID_INPUT'> {
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super('GAZ_ERR_INVALID_INPUT', ERRORS.GAZ_ERR_INVALID_INPUT.status, message);
  }
}

/** What one zod issue means to the person who sent the form. */
function sentence(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'This field is missing.';
      if (issue.expected === 'string' && Array.isArray(issue.input)) return 'Give this field one value, not several.';
      return issue.expected === 'string' ? 'This field must be text.' : `This field must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}.`;
    case 'too_big':
      return issue.origin === 'string'
        ? `Use at most ${Number(issue.maximum).toLocaleString('en')} characters.`
        : issue.origin === 'array'
          ? `Give at most ${Number(issue.maximum).toLocaleString('en')} values.`
          : `Use at most ${String(issue.maximum)}.`;
    case 'too_small':
      return issue.origin === 'string' ? 'This field must not be empty.' : `Use at least ${String(issue.minimum)}.`;
    case 'invalid_format':
      return 'This value is not in the form this field takes.';
    case 'invalid_value':
      return 'Choose one of the values offered.';
    case 'unrecognized_keys':
      return 'This form has no such field.';
    default:
      return issue.message;
  }
}

/** Every field at fault in `error`, the first problem of each. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    // An unknown field is named by the issue's keys, not its path.
    const names =
      issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path.map(String), k].join('.')) : [issue.path.map(String).join('.') || 'form'];
    for (const name of names) out[name] ??= sentence(issue);
  }
  return out;
}

export type Checked<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; message: string };

/** Parses `value` with `schema`: the data, or each field at fault and one sentence naming them. */
export function checkInput<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  // reportInput: an issue carries what was sent, so a list is told apart from a missing field.
  const r = schema.safeParse(value ?? {}, { reportInput: true });
  if (r.success) return { ok: true, data: r.data };
  const errors = fieldErrors(r.error);
  const named = Object.entries(errors)
    .slice(0, 5)
    .map(([k, v]) => (k === 'form' ? v : `${k}: ${v}`))
    .join(' ');
  return { ok: false, errors, message: `${ERRORS.GAZ_ERR_INVALID_INPUT.message} (${named})` };
}

/** Parses `value` with `schema`, or throws {@link InputError} naming the fields at fault. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = checkInput(schema, value);
  if (r.ok) return r.data;
  throw new InputError(r.message, r.errors);
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

// Strict pieces, for forms that change something (see the file's comment).

/** A field every browser sends (a text box, a text area, a hidden field, a list): one string, at most `max` characters. */
export const one = (max: number) => z.string().max(max);

/** A field a browser may leave out (a checkbox not ticked, a button not pressed): one string when present. */
export const maybe = (max: number) => z.string().max(max).optional();

/** A repeated field (checkboxes of one name): absent, one value, or at most `count` values of at most `each` characters, always read as a list. */
export const many = (count: number, each: number) =>
  z
    .union([z.string().max(each), z.array(z.string().max(each)).max(count)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** A database id as a form sends it (digits), or nothing chosen (''). */
export const idText = z.string().regex(/^\d{0,15}$/);

/** A path parameter naming a row: a positive id, read as a number. */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,14}$/)
  .transform(Number);

/**
 * A form that changes something: exactly these fields (the CSRF token besides, whose check comes
 * first), anything else refused.
 */
export const form = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ _csrf: maybe(200), ...shape });

/** A request's body or query as a record of fields: `{}` for anything else (a JSON array, `null`, a string). */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
