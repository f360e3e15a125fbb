/**
 * The moderation queue's routes (editors and administrators).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { h } from '../../kernel/jsx.js';
import { form, idParam, many, maybe, one, pageNumber, text } from '../../kernel/input.js';
import { adminRoute, type AdminRoute } from '../registry.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { setFlash } from '../flash.js';
import { safeNext } from '../auth/routes.js';
import { notFound, renderAdmin, seeOther } from '../views/page.js';
import { QUEUE_PAGE_SIZE, QUEUE_STATUSES, queueContext, queueCounts, queueItem, queuePage } from './queries.js';
import { ACTIONS, editComment, emptySpam, moderate, replyAsStaff, type ModerationAction } from './actions.js';
import { EditCommentView, QueueView } from './views.js';
import { isEmailAddress } from '../../kernel/email.js';

// What the queue's pages and forms send (see ../../kernel/input.ts).
const ById = z.object({ id: idParam });
const QueueQuery = z.object({ status: text(20), page: pageNumber(10_000) });
const BACK = 2_000;
/** A moderation button (one comment) or the bulk form (the comments ticked). */
const ActForm = form({ action: z.enum(ACTIONS), back: maybe(BACK) });
const BulkForm = form({ action: z.enum(ACTIONS), back: maybe(BACK), ids: many(1_000, 20) });
/** The editing form: structural limits only; validEdit says what a person got wrong, beside the field. */
const EditForm = form({ author: one(10_000), email: maybe(10_000), url: maybe(10_000), body: one(200_000) });
const ReplyForm = form({ body: one(200_000), back: maybe(BACK) });

async function queue(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, { query }: { query: z.output<typeof QueueQuery> }) {
  const status = QUEUE_STATUSES.find((s) => s === query.status) ?? 'pending';
  const page = query.page;
  const [counts, rows, settings] = await Promise.all([
    queueCounts(ctx.deps.kysely),
    queuePage(ctx.deps.kysely, status, page, QUEUE_PAGE_SIZE + 1),
    ctx.deps.settings.all(),
  ]);
  const items = rows.slice(0, QUEUE_PAGE_SIZE);
  const { parents, history } = await queueContext(ctx.deps.kysely, items);
  return renderAdmin(ctx, req, reply, {
    title: 'Comments',
    current: 'comments',
    body: (
      <QueueView
        ctx={ctx}
        req={req}
        status={status}
        counts={counts}
        items={items}
        parents={parents}
        history={history}
        page={page}
        more={rows.length > QUEUE_PAGE_SIZE}
        tz={settings['site.timezone']}
      />
    ),
  });
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** What a moderation action did, in a sentence ("Approved 3 comments."). */
const DONE: Record<ModerationAction, (n: string) => string> = {
  approve: (n) => `Approved ${n}.`,
  unapprove: (n) => `Sent ${n} back to the queue.`,
  spam: (n) => `Marked ${n} as spam.`,
  notspam: (n) => `Approved ${n} (not spam).`,
  trash: (n) => `Moved ${n} to the trash.`,
  restore: (n) => `Put ${n} back in the queue.`,
  delete: (n) => `Deleted ${n} for good.`,
};

async function act(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, targets: number[], action: ModerationAction, backTo: string | undefined) {
  const back = safeNext(backTo?.trim() || '/admin/comments?status=pending');
  const n = await moderate(ctx.deps, targets, action, signedIn(req).user);
  setFlash(ctx, reply, n ? DONE[action](plural(n, 'comment')) : 'Nothing changed: choose the comments first.', n ? 'ok' : 'error');
  return seeOther(reply, back);
}

function validEdit(v: { author: string; email: string; url: string; body: string }): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.author) e.author = 'Enter a name.';
  if (v.author.length > 245) e.author = 'Use at most 245 characters.';
  if (v.email && !isEmailAddress(v.email)) e.email = 'Enter a valid email address, or nothing.';
  if (v.url && !/^https?:\/\/[^\s]+$/i.test(v.url)) e.url = 'Enter an address starting with http:// or https://, or nothing.';
  if (!v.body) e.body = 'A comment cannot be empty.';
  if (v.body.length > 65_525) e.body = 'The comment is too long.';
  return e;
}

export const moderationRoutes: AdminRoute[] = [
  adminRoute('GET', '/admin/comments', 'editor', { query: QueueQuery }, queue),
  adminRoute('POST', '/admin/comments/bulk', 'editor', { body: BulkForm }, async (ctx, req, reply, { body }) => {
    const ids = body.ids.filter((v) => /^\d{1,15}$/.test(v)).map(Number);
    return act(ctx, req, reply, ids, body.action, body.back);
  }),
  adminRoute('POST', '/admin/comments/empty-spam', 'editor', { body: form({}) }, async (ctx, _req, reply) => {
    const n = await emptySpam(ctx.deps);
    setFlash(ctx, reply, `${plural(n, 'spam comment')} deleted.`);
    return seeOther(reply, '/admin/comments?status=spam');
  }),
  adminRoute('POST', '/admin/comments/:id/moderate', 'editor', { body: ActForm, params: ById }, async (ctx, req, reply, { body, params }) =>
    act(ctx, req, reply, [params.id], body.action, body.back),
  ),
  adminRoute('GET', '/admin/comments/:id/edit', 'editor', { params: ById }, async (ctx, req, reply, { params }) => {
    const c = await queueItem(ctx.deps.kysely, params.id);
    if (!c) return notFound(ctx, req, reply);
    return renderAdmin(ctx, req, reply, {
      title: 'Edit comment',
      current: 'comments',
      body: <EditCommentView ctx={ctx} req={req} c={c} values={c} errors={{}} />,
    });
  }),
  adminRoute('POST', '/admin/comments/:id/edit', 'editor', { body: EditForm, params: ById }, async (ctx, req, reply, { body, params }) => {
    const c = await queueItem(ctx.deps.kysely, params.id);
    if (!c) return notFound(ctx, req, reply);
    const values = { author: body.author.trim(), email: (body.email ?? '').trim(), url: (body.url ?? '').trim(), body: body.body.trim() };
    const errors = validEdit(values);
    if (Object.keys(errors).length) {
      return renderAdmin(ctx, req, reply, {
        title: 'Edit comment',
        current: 'comments',
        status: 422,
        code: 'GAZ_ERR_VALIDATION',
        body: <EditCommentView ctx={ctx} req={req} c={c} values={values} errors={errors} />,
      });
    }
    await editComment(ctx.deps, c.id, values);
    setFlash(ctx, reply, 'Comment saved.');
    return seeOther(reply, `/admin/comments?status=${c.status}#c-${c.id}`);
  }),
  adminRoute('POST', '/admin/comments/:id/reply', 'editor', { body: ReplyForm, params: ById }, async (ctx, req, reply, { body, params }) => {
    const id = params.id;
    const text = body.body.trim();
    const back = safeNext(body.back?.trim() || '/admin/comments?status=pending');
    if (!text) {
      setFlash(ctx, reply, 'A reply cannot be empty.', 'error');
      return seeOther(reply, back);
    }
    const newId = await replyAsStaff(ctx.deps, id, text.slice(0, 65_525), signedIn(req).user);
    if (newId === null) return notFound(ctx, req, reply);
    setFlash(ctx, reply, 'Reply published.');
    return seeOther(reply, back);
  }),
];
