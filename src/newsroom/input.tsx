/**
 * Reading an admin route's input through its schemas (registry.ts), after the guard and the CSRF
 * check and before the handler. A refusal is a 400 that keeps what was sent:
 * - a client asking for JSON gets the problem body of every error (`{ error: { code, message,
 *   fields } }`, ../runtime/errors.ts);
 * - a browser gets the form again, in the admin layout: each field as it was typed (the values of
 *   a repeated field together, an over-long value whole; a password never) with its error beside
 *   it, posting to the same address, so nothing typed is lost and a fixed form can be sent again;
 * - path parameters that name nothing (`/admin/media/abc`) are the 404 page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../kernel/jsx.js';
import { checkInput, fieldsOf, InputError, type FieldErrors } from '../kernel/input.js';
import { wantsJson } from '../kernel/http.js';
import type { NewsroomContext } from './context.js';
import { CsrfField } from './csrf.js';
import type { AdminRoute, Parsed, RouteInput } from './registry.js';
import { Field, PageHeader } from './views/forms.js';
import { errorPage, notFound, renderAdmin } from './views/page.js';

/** Runs `route` for `req`: its input parsed, or refused as the file's comment says. */
export async function runAdminRoute(ctx: NewsroomContext, route: AdminRoute, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const { input } = route;
  const parsed: Record<string, unknown> = {};
  if (input.params) {
    const r = checkInput(input.params, req.params);
    if (!r.ok) return notFound(ctx, req, reply);
    parsed.params = r.data;
  }
  const errors: FieldErrors = {};
  let message = '';
  for (const part of ['query', 'body'] as const) {
    const schema = input[part];
    if (!schema) continue;
    const r = checkInput(schema, req[part]);
    if (r.ok) parsed[part] = r.data;
    else {
      Object.assign(errors, r.errors);
      message ||= r.message;
    }
  }
  if (message) {
    if (wantsJson(req)) throw new InputError(message, errors);
    // A query string is not typed into a form here: the page of the error says what to change.
    if (req.method === 'GET') return errorPage(ctx, req, reply, 'GAZ_ERR_INVALID_INPUT');
    return refusedForm(ctx, req, reply, errors);
  }
  return route.handler(ctx, req, reply, parsed as unknown as Parsed<RouteInput>);
}

/** Each field of a posted body as typed: text values only (a file is not given back), repeated values together. */
function typedFields(body: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(fieldsOf(body))) {
    if (k === '_csrf') continue;
    const values = (Array.isArray(v) ? v : [v]).filter((x): x is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof x));
    out.set(k, values.map(String).join('\n'));
  }
  return out;
}

const NOT_A_FIELD = 'This form has no such field.';
/** A field's name as a label: `parent_id` → "Parent id", `site.title` → "Site title". */
const labelOf = (name: string) => {
  const words = name.replace(/[_.]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
/** Passwords are never written into a page, even back to their own writer. */
const SECRET = /password|^current$/;

/** The 400 page of a form its schema refused (see the file's comment). */
function refusedForm(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, errors: FieldErrors): Promise<FastifyReply> {
  const typed = typedFields(req.body);
  const unknown = Object.keys(errors).filter((k) => errors[k] === NOT_A_FIELD);
  // Every field the form has, as sent, then the missing ones; a field it does not have is named, not sent again.
  const names = [...new Set([...typed.keys(), ...Object.keys(errors)])].filter((k) => k !== 'form' && !unknown.includes(k));
  return renderAdmin(ctx, req, reply, {
    title: 'Not saved',
    status: 400,
    code: 'GAZ_ERR_INVALID_INPUT',
    body: (
      <Fragment>
        <PageHeader title="Not saved: this form could not be read" />
        <p class="flash flash-error" role="alert">
          Nothing was changed. {errors.form ?? 'Check the fields marked below, then send the form again.'}
        </p>
        {unknown.length ? <p>Left out, as this form has no such field: {unknown.join(', ')}.</p> : null}
        <form method="post" action={req.url} class="refused-form">
          <CsrfField ctx={ctx} req={req} />
          {names.map((name, i) => {
            const value = typed.get(name) ?? '';
            const common = { id: `refused-${i}`, name, label: labelOf(name), error: errors[name] };
            if (SECRET.test(name)) return <Field {...common} type="password" />;
            // One line stays one line; text with line breaks or of some length gets room.
            return value.includes('\n') || value.length > 80 ? (
              <Field {...common} value={value} rows={Math.min(12, 2 + Math.ceil(value.length / 80))} />
            ) : (
              <Field {...common} value={value} />
            );
          })}
          <button type="submit" class="primary">
            Send again
          </button>
        </form>
        <p>
          <a href="/admin/">Back to the dashboard</a>
        </p>
      </Fragment>
    ),
  });
}
