/**
 * The answer while the database is out of reach: 503 with `Retry-After`, and a page a person can
 * read. A form that was posted comes back filled in as it was typed, ready to be sent again, so
 * nothing typed is lost (a comment, a story being edited). Passwords are never echoed.
 *
 * Pages already in the page cache never get here: they are served before routing, stale if need
 * be, for as long as the database is away.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../kernel/jsx.js';
import type { Assets } from './assets.js';
import type { Deps } from './deps.js';
import { ERROR_HEADER } from '../kernel/error-catalogue.js';
import { wantsJson } from '../kernel/http.js';

/** What `Retry-After` says: about how long a restarting database takes to answer again. */
export const RETRY_AFTER_SECONDS = 5;

export const UNAVAILABLE_CODE = 'GAZ_ERR_DATABASE_UNAVAILABLE';
const MESSAGE = 'The site cannot reach its database for a moment. Nothing was lost: please try again in a few seconds.';

/** Fields never sent back in a page. */
const NEVER_ECHOED = /pass(word)?|secret/i;
/** Fields that are part of the form's machinery, sent back unseen. */
const HIDDEN = new Set(['_csrf', 'csrf', 'article_id', 'parent_id', 'form_token', 'hp_website', 'id', 'revision', 'return_to']);

const LABELS: Record<string, string> = { author: 'Name', email: 'Email', url: 'Website', comment: 'Comment' };

type Fields = Record<string, unknown>;

function values(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** The posted form again, every value as typed, posting to where it came from. */
function formAgain(action: string, fields: Fields): string {
  const out: string[] = [];
  for (const [name, raw] of Object.entries(fields)) {
    if (NEVER_ECHOED.test(name)) continue;
    for (const value of values(raw)) {
      const n = escapeHtml(name);
      const v = escapeHtml(value);
      if (HIDDEN.has(name)) out.push(`<input type="hidden" name="${n}" value="${v}">`);
      else if (value.includes('\n') || value.length > 80 || name === 'comment' || name === 'body')
        out.push(`<p><label>${escapeHtml(LABELS[name] ?? name)}<br><textarea name="${n}" rows="12" cols="70">${v}</textarea></label></p>`);
      else out.push(`<p><label>${escapeHtml(LABELS[name] ?? name)}<br><input name="${n}" value="${v}" size="60"></label></p>`);
    }
  }
  return `<form method="post" action="${escapeHtml(action)}">${out.join('')}<p><button type="submit">Send again</button></p></form>`;
}

/** The readable page: what happened, and the typed form when there was one. */
export function unavailablePage(opts: { assets?: Assets; action?: string; fields?: Fields }): string {
  let css = '';
  try {
    if (opts.assets) css = `<link rel="stylesheet" href="${escapeHtml(opts.assets.url('style.css'))}">`;
  } catch {
    // No stylesheet: the page reads fine without one.
  }
  const typed = opts.fields && Object.keys(opts.fields).length && opts.action ? opts.fields : undefined;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Back in a moment</title>${css}</head><body><main class="unavailable"><h1>Back in a moment</h1><p>${escapeHtml(MESSAGE)}</p>` +
    (typed
      ? `<p><strong>Nothing was saved yet.</strong> Here is what you sent, as you typed it: send it again in a few seconds.</p>${formAgain(opts.action!, typed)}`
      : `<p><a href="">Try again</a></p>`) +
    `</main></body></html>`
  );
}

/** JSON when the client asks for it and does not prefer HTML (../kernel/http.ts), and always for the API. */
function answersJson(req: FastifyRequest): boolean {
  return wantsJson(req) || req.url.startsWith('/api/');
}

/**
 * Answers 503 for a request that needed the database. `typed` is what to give back in JSON
 * (defaults to the posted form's fields, passwords left out).
 */
export function sendUnavailable(
  deps: Deps,
  assets: Assets | undefined,
  req: FastifyRequest,
  reply: FastifyReply,
  extra: Record<string, unknown> = {},
): FastifyReply {
  deps.metrics.unavailable++;
  const fields = req.method === 'POST' && req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? (req.body as Fields) : undefined;
  reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).header('cache-control', 'no-store').header(ERROR_HEADER, UNAVAILABLE_CODE);
  if (answersJson(req)) {
    const typed = fields ? Object.fromEntries(Object.entries(fields).filter(([k]) => !NEVER_ECHOED.test(k))) : undefined;
    return reply.send({ code: UNAVAILABLE_CODE, error: MESSAGE, ...(typed ? { typed } : {}), ...extra });
  }
  const action = req.url;
  return reply.type('text/html; charset=utf-8').send(unavailablePage({ assets, action, fields }));
}
