/**
 * Where links in mail lead: one-click moderation, and confirming or stopping reply notifications.
 *
 * A GET only shows what the link would do, with one button: mail scanners and link previews fetch
 * every link in a message, and must not approve a comment or unsubscribe anyone. The button POSTs
 * the same signed parameters (or token) back, which is also what makes the POST safe from
 * cross-site forgery without a session: only the mail's recipient has them.
 *
 * The exception is RFC 8058's one-click unsubscribe: a mail client POSTs
 * `List-Unsubscribe=One-Click` to the List-Unsubscribe URL, token in the query, no form involved.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SiteContext } from '../runtime/site-context.js';
import { siteView } from '../views/site-view.js';
import { articlePermalink } from '../content/permalinks.js';
import { h, raw, type Child } from '../kernel/jsx.js';
import { verifyLink } from '../mail/signed-links.js';
import { actionPage, ConfirmForm } from '../mail/pages.js';
import { renderCommentBody } from './render.js';
import { activeModerators, MODERATE_PATH, MODERATION_ACTIONS, moderationFields, type ModerationAction } from './notify.js';
import type { CommentStatus } from '../db/schema.js';
import { moderateComment } from './moderate.js';
import { addFormParser } from '../kernel/form-body.js';
import { CONFIRM_PATH, UNSUBSCRIBE_PATH, confirmSubscription, subscriptionByToken, unsubscribe } from './subscriptions.js';
import { ERROR_HEADER, ERRORS } from '../kernel/error-catalogue.js';
import { wantsJson } from '../kernel/http.js';
import { z } from 'zod';
import { fieldsOf, parseInput, text } from '../kernel/input.js';

/** A subscription link's token, from the query or the confirming form; junk reads as no token (the unknown-subscription page). */
const TokenFields = z.object({ token: text(200).catch('') });

/** Codes these pages answer with (the catalogue's); the code is in the page and in the `x-gazette-error` header. */
/** A moderation link's parameters (see notify.ts), as the signature covers them. */
const numeric = z
  .string()
  .regex(/^\d{1,12}$/)
  .transform(Number);
const LinkQuery = z.object({
  id: numeric,
  action: z.enum(['approve', 'spam', 'trash']),
  by: numeric,
  from: z.enum(['pending', 'approved', 'spam', 'trash']),
  exp: z.string().regex(/^\d{1,12}$/),
  sig: z.string().min(1).max(100),
});

type ErrorCode =
  | 'GAZ_ERR_LINK_INVALID'
  | 'GAZ_ERR_LINK_EXPIRED'
  | 'GAZ_ERR_LINK_REVOKED'
  | 'GAZ_ERR_LINK_STALE'
  | 'GAZ_ERR_COMMENT_NOT_FOUND'
  | 'GAZ_ERR_SUBSCRIPTION_UNKNOWN';

const VERBS: Record<ModerationAction, { ask: string; button: string; done: string }> = {
  approve: { ask: 'Approve this comment?', button: 'Approve', done: 'Comment approved' },
  spam: { ask: 'Mark this comment as spam?', button: 'Mark as spam', done: 'Comment marked as spam' },
  trash: { ask: 'Move this comment to the trash?', button: 'Move to trash', done: 'Comment moved to the trash' },
};

export function registerCommentMailRoutes(app: FastifyInstance, ctx: SiteContext): void {
  const { deps } = ctx;

  const send = async (req: FastifyRequest, reply: FastifyReply, status: number, title: string, children: Child, code?: string) => {
    const site = await siteView(deps, ctx.assets);
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      // The URL carries a token: it must not travel on in a Referer.
      .header('referrer-policy', 'no-referrer');
    if (code) reply.header(ERROR_HEADER, code);
    if (wantsJson(req)) {
      return reply.type('application/json').send(code ? { error: { code, message: title } } : { ok: true, message: title });
    }
    return reply.type('text/html; charset=utf-8').send(actionPage({ site, path: req.url.split('?')[0], title, children, code }));
  };
  // The page's heading is the message's first clause ("This link has expired"); the rest says why.
  const fail = (req: FastifyRequest, reply: FastifyReply, code: ErrorCode) =>
    send(req, reply, ERRORS[code].status, ERRORS[code].message.split(/[:.;]/)[0], h('p', null, ERRORS[code].message), code);

  // Encapsulated, so these form parsers apply to these routes only, whatever the rest of the app uses.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    addFormParser(scope, { repeated: 'last' });
    // RFC 8058 allows multipart/form-data for the one-click POST; its body carries nothing we need.
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => done(null, {}));

    type LinkError = 'GAZ_ERR_LINK_INVALID' | 'GAZ_ERR_LINK_EXPIRED' | 'GAZ_ERR_LINK_REVOKED';
    type LinkParams = { error: LinkError } | { id: number; action: ModerationAction; by: number; from: CommentStatus; exp: string; sig: string };
    const moderationParams = async (f: unknown): Promise<LinkParams> => {
      // Anything not of the link's shape (missing, repeated, too long) is an invalid link.
      const parsed = LinkQuery.safeParse(f);
      if (!parsed.success) return { error: 'GAZ_ERR_LINK_INVALID' };
      const { id, action, by, from, exp, sig } = parsed.data;
      const check = verifyLink(deps.secret, 'moderate', moderationFields(id, action, by, from), exp, sig, deps.clock.now());
      if (!check.ok) return { error: check.code };
      // Bound to a person: a deactivated (or demoted) moderator's links stop working at once.
      if (!(await activeModerators(deps.kysely).where('id', '=', by).executeTakeFirst())) return { error: 'GAZ_ERR_LINK_REVOKED' };
      return { id, action, by, from, exp, sig };
    };

    scope.get(MODERATE_PATH, async (req, reply) => {
      const p = await moderationParams(req.query);
      if ('error' in p) return fail(req, reply, p.error);
      const c = await deps.kysely
        .selectFrom('comments')
        .innerJoin('articles', 'articles.id', 'comments.article_id')
        .select(['comments.author', 'comments.url', 'comments.body', 'comments.status', 'articles.headline'])
        .where('comments.id', '=', p.id)
        .executeTakeFirst();
      if (!c) return fail(req, reply, 'GAZ_ERR_COMMENT_NOT_FOUND');
      if (c.status !== p.from && c.status !== MODERATION_ACTIONS[p.action]) return fail(req, reply, 'GAZ_ERR_LINK_STALE');
      const verb = VERBS[p.action];
      return send(req, reply, 200, verb.ask, [
        h('p', null, 'A comment by ', h('strong', null, c.author), ' on “', c.headline, '”, now ', h('strong', { 'data-status': c.status }, c.status), '.'),
        h('blockquote', { class: 'comment-content' }, raw(renderCommentBody(c.body))),
        h(ConfirmForm, {
          action: MODERATE_PATH,
          label: verb.button,
          fields: { id: String(p.id), action: p.action, by: String(p.by), from: p.from, exp: p.exp, sig: p.sig },
        }),
      ]);
    });

    scope.post(MODERATE_PATH, async (req, reply) => {
      const p = await moderationParams({ ...fieldsOf(req.query), ...fieldsOf(req.body) });
      if ('error' in p) return fail(req, reply, p.error);
      // The same decision as in the newsroom and the CLI: pages dropped, reply mail queued, spam filter
      // taught; only while the comment is still as the link found it (or already as it asks).
      const result = await moderateComment(deps, p.id, MODERATION_ACTIONS[p.action], 'moderator', 'decided from a mailed link', [p.from]);
      if (!result) return fail(req, reply, 'GAZ_ERR_COMMENT_NOT_FOUND');
      if (result.stale) return fail(req, reply, 'GAZ_ERR_LINK_STALE');
      const article = await deps.kysely
        .selectFrom('articles')
        .select(['headline', 'slug', 'type', 'published_at'])
        .where('id', '=', result.articleId)
        .executeTakeFirstOrThrow();
      const tz = (await deps.settings.all())['site.timezone'];
      const link = articlePermalink(article, tz) + (result.status === 'approved' ? `#comment-${p.id}` : '');
      return send(req, reply, 200, VERBS[p.action].done, [
        h('p', null, result.changed ? 'Done.' : 'It already was; nothing changed.', ' ', h('a', { href: link }, 'Back to “', article.headline, '”')),
      ]);
    });

    const token = (req: FastifyRequest) => parseInput(TokenFields, fieldsOf(req.query)).token || parseInput(TokenFields, fieldsOf(req.body)).token;

    scope.get(CONFIRM_PATH, async (req, reply) => {
      const t = token(req);
      if (!(await subscriptionByToken(deps.kysely, t))) return fail(req, reply, 'GAZ_ERR_SUBSCRIPTION_UNKNOWN');
      return send(req, reply, 200, 'Confirm reply notifications', [
        h(
          'p',
          null,
          'You will get an email when someone replies to a comment of yours for which you ticked “Notify me of replies”. Every such email has a link to stop them.',
        ),
        h(ConfirmForm, { action: CONFIRM_PATH, label: 'Yes, notify me of replies', fields: { token: t } }),
      ]);
    });
    scope.post(CONFIRM_PATH, async (req, reply) => {
      if (!(await confirmSubscription(deps, token(req)))) return fail(req, reply, 'GAZ_ERR_SUBSCRIPTION_UNKNOWN');
      return send(req, reply, 200, 'Reply notifications confirmed', h('p', null, 'Thank you. We will tell you when someone replies to you.'));
    });

    scope.get(UNSUBSCRIBE_PATH, async (req, reply) => {
      const t = token(req);
      if (!(await subscriptionByToken(deps.kysely, t))) return fail(req, reply, 'GAZ_ERR_SUBSCRIPTION_UNKNOWN');
      return send(req, reply, 200, 'Stop reply notifications?', [
        h('p', null, 'You will get no more emails about replies to your comments.'),
        h(ConfirmForm, { action: UNSUBSCRIBE_PATH, label: 'Unsubscribe', fields: { token: t } }),
      ]);
    });
    scope.post(UNSUBSCRIBE_PATH, async (req, reply) => {
      if (!(await unsubscribe(deps, token(req)))) return fail(req, reply, 'GAZ_ERR_SUBSCRIPTION_UNKNOWN');
      return send(
        req,
        reply,
        200,
        'You are unsubscribed',
        h('p', null, 'You will get no more emails about replies. Ticking “Notify me of replies” again will ask you to confirm first.'),
      );
    });
  });
}
