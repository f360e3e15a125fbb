/**
 * `POST /comments` (DESIGN.md, "Posting a comment") and `GET /comments/token`.
 *
 * Answers: 303 to the comment (a held one with the link that shows it to its writer only), or the
 * article page again with the errors beside the fields and everything typed kept (422, 409, 403,
 * 429 with Retry-After), 413 for a body over 64 KB, 503 with Retry-After and the comment given back
 * when the database is out of reach. With `Accept: application/json`:
 * `{ id, status }` (201) or `{ code, errors: { field: message }, codes: { field: code } }`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage, type Rendered, type SiteContext } from '../runtime/site-context.js';
import { writerCookie } from '../runtime/respond.js';
import { articlePermalink } from '../content/permalinks.js';
import { escapeHtml } from '../kernel/jsx.js';
import { CommentError, commentError, schemaErrors } from './errors.js';
import { errorMessage, ERROR_HEADER } from '../kernel/error-catalogue.js';
import { isDatabaseUnavailable } from '../db/connect.js';
import { sendUnavailable } from '../runtime/unavailable.js';
import { CommentForm, readCommentForm, typedBack, type Fields } from './input.js';
import { z } from 'zod';
import { checkInput, fieldsOf } from '../kernel/input.js';
import { submitComment } from './submit.js';
import { checkFormToken, issueFormToken } from './form-token.js';
import { heldCommentUrl, newCommentPageOf } from './conversation.js';
import { addFormParser } from '../kernel/form-body.js';
import { commentPageUrl, type FormState } from './views.js';
import type { CommentInput } from './moderation/context.js';
import { siteView, type SiteView } from '../views/site-view.js';
import type { SubmittedComment } from './store.js';
import { provenCommentId, rememberCommenter } from './commenter-proof.js';
import { wantsJson } from '../kernel/http.js';
import { sendError } from '../runtime/errors.js';
import { sealUnsent, unsentCookie, UNSENT_MAX_AGE } from './unsent.js';

/** The largest request body accepted (WordPress's 65,525-character comment fits in spirit, not in bytes). */
export const BODY_LIMIT = 64 * 1024;

const TokenQuery = z.object({
  article: z
    .string()
    .regex(/^[1-9]\d{0,14}$/)
    .transform(Number),
});

/** What a refused comment's page shows besides the article: the form as typed, and the answer. */
export interface RefusedFormPage {
  query: Record<string, string | undefined>;
  form: FormState;
  keepToken?: string;
  status: number;
  headers: [string, string][];
}

/**
 * Renders an article page with a refused comment form in place. The reader site implements it;
 * server/app.ts passes it in, so comments never import the site's pages.
 */
export type RenderArticleWithForm = (site: SiteView, slug: string, path: string, page: RefusedFormPage) => Promise<Rendered>;

export function registerCommentRoutes(app: FastifyInstance, ctx: SiteContext, renderArticle: RenderArticleWithForm): void {
  const { deps } = ctx;

  async function permalinkOf(articleId: number) {
    const a = await deps.kysely.selectFrom('articles').select(['slug', 'type', 'published_at']).where('id', '=', articleId).executeTakeFirst();
    const tz = (await deps.settings.all())['site.timezone'];
    return a ? { slug: a.slug, permalink: articlePermalink(a, tz) } : null;
  }

  /** Where the writer goes after posting. */
  async function acceptedLocation(c: SubmittedComment, a: { permalink: string } | null): Promise<string> {
    if (!a) return '/';
    if (c.status === 'pending') return heldCommentUrl(deps, a.permalink, c.id);
    if (c.status === 'approved') {
      const page = c.page ?? (await newCommentPageOf(deps, await deps.settings.all(), c));
      return commentPageUrl(a.permalink, page) + `#comment-${c.id}`;
    }
    // Spam goes where an accepted comment would: the sender learns nothing.
    return `${a.permalink}#comment-${c.id}`;
  }

  function plainRefusal(reply: FastifyReply, err: CommentError) {
    return reply
      .code(err.status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header(ERROR_HEADER, err.code)
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>Comment not posted</title><h1>Comment not posted</h1><p>${escapeHtml(err.message)}</p></html>`,
      );
  }

  const secure = deps.config.publicUrl.startsWith('https:');

  async function refuse(req: FastifyRequest, reply: FastifyReply, err: CommentError, fields: Fields, input?: CommentInput): Promise<unknown> {
    if (err.retryAfter) reply.header('retry-after', String(err.retryAfter));
    if (wantsJson(req)) {
      return reply.code(err.status).header('cache-control', 'no-store').send({ code: err.code, errors: err.messages(), codes: err.codes() });
    }
    const a = input ? await permalinkOf(input.articleId) : null;
    if (!a || !input || err.status === 404) return plainRefusal(reply, err);
    const gen = deps.cache.generation;
    const site = await siteView(deps, ctx.assets);
    // A token that was fine is kept, so the time already spent on the form still counts.
    const keepToken = input.token && checkFormToken(deps.secret, input.articleId, input.token, site.now).ok ? input.token : undefined;
    const form: FormState = { ...typedBack(fields), errors: err.messages() };
    const headers: [string, string][] = [
      [ERROR_HEADER, err.code],
      ...(err.retryAfter ? ([['retry-after', String(err.retryAfter)]] as [string, string][]) : []),
    ];
    // Back to the form with what was typed, in a sealed cookie (./unsent.ts): reloading resubmits
    // nothing. Only for what the writer can fix and send again (not when comments are closed).
    const sealed =
      [409, 422, 429].includes(err.status) &&
      sealUnsent(deps.secret, {
        articleId: input.articleId,
        form,
        code: err.code,
        retryAfter: err.retryAfter,
        token: keepToken,
        expires: site.now + UNSENT_MAX_AGE * 1000,
      });
    if (sealed) {
      const back = input.parentId ? `${a.permalink}?replytocom=${input.parentId}&unsent=1#respond` : `${a.permalink}?unsent=1#respond`;
      return reply
        .code(303)
        .header('cache-control', 'no-store')
        .header(ERROR_HEADER, err.code)
        .header('set-cookie', unsentCookie(sealed, a.permalink, secure))
        .header('location', back)
        .send();
    }
    // Too long for a cookie: the page itself, with the form's first error focused.
    const r = await renderArticle(site, a.slug, a.permalink, {
      query: input.parentId ? { replytocom: String(input.parentId) } : {},
      form,
      keepToken,
      status: err.status,
      headers,
    });
    if (r.type !== 'page') return plainRefusal(reply, err);
    await sendPage(ctx, req, reply, null, r.input, gen);
    return reply;
  }

  // Encapsulated, so these body parsers apply to these routes only, whatever the rest of the app uses.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    addFormParser(scope, { bodyLimit: BODY_LIMIT, repeated: 'last' });
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400 }), undefined);
      }
    });

    scope.setErrorHandler((err: FastifyError, req, reply) => {
      // The database is away: 503, and the writer gets their comment back to send again.
      if (isDatabaseUnavailable(err)) {
        deps.log.warn({ err: { message: err.message } }, 'database unavailable: comment not posted (503)');
        const code = 'GAZ_ERR_COMMENT_UNAVAILABLE';
        return sendUnavailable(deps, ctx.assets, req, reply, { code, errors: { form: errorMessage(code) }, codes: { form: code } });
      }
      if (err.statusCode === 413) return refuse(req, reply, commentError('GAZ_ERR_COMMENT_TOO_LARGE'), {});
      // Anything else gets the one answer every route gives (../runtime/errors.ts).
      return sendError(deps.log, req, reply, err);
    });

    scope.post('/comments', async (req, reply) => {
      // A body that is not an object of fields (JSON `[]`, `null`, `"x"`) names no article, as an empty one.
      const fields: Fields = fieldsOf(req.body);
      const checked = checkInput(CommentForm, fields);
      if (!checked.ok) {
        // What can be read of it (text only) names the article and is given back beside the errors;
        // a post naming no article is answered as one for an article that does not exist.
        const typed = readCommentForm(fields);
        const err = typed.articleId ? schemaErrors(checked.errors) : commentError('GAZ_ERR_COMMENT_ARTICLE_NOT_FOUND');
        return refuse(req, reply, err, fields, typed);
      }
      const input = readCommentForm(checked.data);
      const proven = provenCommentId(deps, req);
      const facts = { ip: req.ip, ipHash: deps.keyedHash('ip', req.ip), userAgent: String(req.headers['user-agent'] ?? ''), provenCommentId: proven };
      let c: SubmittedComment;
      try {
        c = await submitComment(deps, input, facts);
      } catch (err) {
        if (err instanceof CommentError) return refuse(req, reply, err, fields, input);
        throw err;
      }
      reply.header('cache-control', 'no-store');
      // The browser's proof moves on to the new comment unless it already proves an approved one.
      const keep =
        proven !== null &&
        c.status !== 'approved' &&
        (await deps.kysely.selectFrom('comments').select('status').where('id', '=', proven).executeTakeFirst())?.status === 'approved';
      // The writer's next requests skip pages still stale from it (runtime/page-cache.ts). Every
      // accepted comment gets it, spam too: the sender learns nothing from it.
      reply.header('set-cookie', writerCookie(Date.now(), secure));
      if (!keep) rememberCommenter(deps, reply, c.id);
      // The writer read the article (its `closed` phase); older writers' answers lack it.
      const article = c.article ? { permalink: articlePermalink(c.article, (await deps.settings.all())['site.timezone']) } : await permalinkOf(c.articleId);
      const location = await acceptedLocation(c, article);
      // Whatever was left unsent on this article has now been sent.
      if (article) reply.header('set-cookie', unsentCookie('', article.permalink, secure));
      // `location`: where public/comments.js finds the comment to show it in place.
      if (wantsJson(req)) return reply.code(201).send({ id: c.id, status: c.status, location });
      return reply.code(303).header('location', location).send();
    });

    // A fresh form token for a cached page (public/comments.js); see form-token.ts.
    scope.get('/comments/token', async (req, reply) => {
      const q = checkInput(TokenQuery, req.query);
      reply.header('cache-control', 'no-store');
      if (!q.ok) return reply.code(400).send({ code: 'GAZ_ERR_COMMENT_ARTICLE_NOT_FOUND', errors: { form: 'article must be an article id' } });
      return { token: issueFormToken(deps.secret, q.data.article, deps.clock.now()) };
    });
  });
}
