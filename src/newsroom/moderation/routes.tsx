/**
 * The moderation queue's routes (editors and administrators).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../kernel/jsx.js';
import type { CommentStatus } from '../../db/schema.js';
import { adminRoute, type AdminRoute } from '../registry.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { field, formBody, ids } from '../form.js';
import { setFlash } from '../flash.js';
import { safeNext } from '../auth/routes.js';
import { notFound, renderAdmin, seeOther } from '../views/page.js';
import { QUEUE_PAGE_SIZE, QUEUE_STATUSES, queueContext, queueCounts, queueItem, queuePage } from './queries.js';
import { editComment, emptySpam, isAction, moderate, replyAsStaff, type ModerationAction } from './actions.js';
import { EditCommentView, QueueView } from './views.js';
import { isEmailAddress } from '../../kernel/email.js';

const idParam = (req: FastifyRequest) => {
  const n = Number((req.params as { id?: string }).id);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

async function queue(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply) {
  const q = req.query as Record<string, string | undefined>;
  const status = (QUEUE_STATUSES as readonly string[]).includes(q.status ?? '') ? (q.status as CommentStatus) : 'pending';
  const page = Math.min(Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1), 10_000);
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

async function act(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, targets: number[]) {
  const body = formBody(req);
  const action = field(body, 'action');
  const back = safeNext(field(body, 'back') || '/admin/comments?status=pending');
  if (!isAction(action)) {
    setFlash(ctx, reply, 'Choose an action.', 'error');
    return seeOther(reply, back);
  }
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
  adminRoute('GET', '/admin/comments', 'editor', queue),
  adminRoute('POST', '/admin/comments/bulk', 'editor', async (ctx, req, reply) => act(ctx, req, reply, ids(formBody(req), 'ids'))),
  adminRoute('POST', '/admin/comments/empty-spam', 'editor', async (ctx, _req, reply) => {
    const n = await emptySpam(ctx.deps);
    setFlash(ctx, reply, `${plural(n, 'spam comment')} deleted.`);
    return seeOther(reply, '/admin/comments?status=spam');
  }),
  adminRoute('POST', '/admin/comments/:id/moderate', 'editor', async (ctx, req, reply) => {
    const id = idParam(req);
    return id ? act(ctx, req, reply, [id]) : notFound(ctx, req, reply);
  }),
  adminRoute('GET', '/admin/comments/:id/edit', 'editor', async (ctx, req, reply) => {
    const id = idParam(req);
    const c = id ? await queueItem(ctx.deps.kysely, id) : undefined;
    if (!c) return notFound(ctx, req, reply);
    return renderAdmin(ctx, req, reply, {
      title: 'Edit comment',
      current: 'comments',
      body: <EditCommentView ctx={ctx} req={req} c={c} values={c} errors={{}} />,
    });
  }),
  adminRoute('POST', '/admin/comments/:id/edit', 'editor', async (ctx, req, reply) => {
    const id = idParam(req);
    const c = id ? await queueItem(ctx.deps.kysely, id) : undefined;
    if (!c) return notFound(ctx, req, reply);
    const body = formBody(req);
    const values = { author: field(body, 'author'), email: field(body, 'email'), url: field(body, 'url'), body: field(body, 'body') };
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
  adminRoute('POST', '/admin/comments/:id/reply', 'editor', async (ctx, req, reply) => {
    const id = idParam(req);
    const body = formBody(req);
    const text = field(body, 'body');
    const back = safeNext(field(body, 'back') || '/admin/comments?status=pending');
    if (!id) return notFound(ctx, req, reply);
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
