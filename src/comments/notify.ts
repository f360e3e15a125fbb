/**
 * Who hears about a comment, by mail. Everything here only queues messages in the caller's
 * transaction (src/mail/outbox.ts): they exist exactly when the comment does, and the delivery
 * worker sends them after commit.
 *
 * - A held comment: every editor and administrator, with signed approve/spam/trash links.
 * - "Notify me of replies" ticked: the address is asked to confirm, the first time (double opt-in).
 * - An approved reply: the writer of the comment replied to, if that address confirmed and did not
 *   unsubscribe; once per reply, whether it was approved at once or later by a moderator.
 */
import type { Transaction } from 'kysely';
import type { CommentStatus, Database } from '../db/schema.js';
import type { Deps } from '../runtime/deps.js';
import { articlePermalink } from '../content/permalinks.js';
import { alreadyQueued, enqueueMail } from '../mail/outbox.js';
import { signLink } from '../mail/signed-links.js';
import { moderationMail, replyMail } from '../mail/templates.js';
import { activeSubscription, normalizeEmail, requestReplyNotifications, unsubscribeUrl } from './subscriptions.js';

/** The comment as the submission stored it. */
export interface SubmittedComment {
  id: number;
  article_id: number;
  parent_id: number | null;
  status: CommentStatus;
  notify: boolean;
  email: string;
  author: string;
}

export type ModerationAction = 'approve' | 'spam' | 'trash';
export const MODERATION_ACTIONS: Record<ModerationAction, CommentStatus> = { approve: 'approved', spam: 'spam', trash: 'trash' };
export const MODERATE_PATH = '/comments/moderate';

/**
 * What a moderation link's signature covers: the comment, the action, the moderator it was mailed to
 * and the status it was issued for. A link is therefore good only for that person while they are
 * still an active moderator, and only while the comment is still in that state: an old "spam" link
 * cannot undo another editor's approval.
 */
export function moderationFields(commentId: number, action: ModerationAction, moderatorId: number, from: CommentStatus): (string | number)[] {
  return [commentId, action, moderatorId, from];
}

/** A signed one-click moderation link for `moderatorId`, valid for 7 days while the comment stays `from`. */
export function moderationLink(
  deps: Pick<Deps, 'secret' | 'config'>,
  commentId: number,
  action: ModerationAction,
  moderatorId: number,
  from: CommentStatus,
  now: number,
): string {
  const { exp, sig } = signLink(deps.secret, 'moderate', moderationFields(commentId, action, moderatorId, from), now);
  return `${deps.config.publicUrl}${MODERATE_PATH}?id=${commentId}&action=${action}&by=${moderatorId}&from=${from}&exp=${exp}&sig=${sig}`;
}

/** Who is mailed about held comments, and whose mailed links still work: active editors and administrators. */
export function activeModerators(db: Transaction<Database> | Deps['kysely']) {
  return db.selectFrom('users').select(['id', 'email', 'name']).where('role', 'in', ['editor', 'administrator']).where('disabled_at', 'is', null);
}

async function articleRef(deps: Deps, trx: Transaction<Database>, articleId: number): Promise<{ headline: string; url: string } | undefined> {
  const a = await trx.selectFrom('articles').select(['headline', 'slug', 'type', 'published_at']).where('id', '=', articleId).executeTakeFirst();
  if (!a) return undefined;
  const tz = (await deps.settings.all())['site.timezone'];
  return { headline: a.headline, url: deps.config.publicUrl + articlePermalink(a, tz) };
}

/** Mails every editor and administrator about held comment `commentId` (once). */
export async function mailModerators(deps: Deps, trx: Transaction<Database>, commentId: number): Promise<number> {
  if (await alreadyQueued(trx, 'moderation', `comment:${commentId}`)) return 0;
  const c = await trx
    .selectFrom('comments')
    .select(['id', 'article_id', 'author', 'url', 'body', 'reason', 'status'])
    .where('id', '=', commentId)
    .executeTakeFirst();
  if (c?.status !== 'pending') return 0;
  const article = await articleRef(deps, trx, c.article_id);
  if (!article) return 0;
  // Deactivated staff get no moderation mail (and their old links stop working: mail-routes.ts).
  const moderators = await activeModerators(trx).orderBy('id').execute();
  const now = deps.clock.now();
  const site = (await deps.settings.all())['site.title'];
  // One mail each: every moderator's links are their own.
  for (const m of moderators) {
    const body = moderationMail({
      site,
      article,
      comment: { author: c.author, url: c.url, body: c.body },
      reason: c.reason,
      links: {
        approve: moderationLink(deps, c.id, 'approve', m.id, c.status, now),
        spam: moderationLink(deps, c.id, 'spam', m.id, c.status, now),
        trash: moderationLink(deps, c.id, 'trash', m.id, c.status, now),
      },
      queueUrl: `${deps.config.publicUrl}/admin/comments?status=pending`,
    });
    await enqueueMail(trx, { to: m.email, ...body, kind: 'moderation', ref: `comment:${c.id}` }, now);
  }
  return moderators.length;
}

/** Mails the writer of the comment that approved reply `replyId` answers, if they opted in (once). */
export async function notifyParentAuthor(deps: Deps, trx: Transaction<Database>, replyId: number): Promise<boolean> {
  const reply = await trx
    .selectFrom('comments')
    .select(['id', 'article_id', 'parent_id', 'author', 'url', 'body', 'email', 'status'])
    .where('id', '=', replyId)
    .executeTakeFirst();
  if (reply?.status !== 'approved' || reply.parent_id === null) return false;
  const parent = await trx.selectFrom('comments').select(['email', 'notify', 'status']).where('id', '=', reply.parent_id).executeTakeFirst();
  if (!parent?.notify || !parent.email.trim() || parent.status !== 'approved') return false;
  // Nobody needs telling that they answered themselves.
  if (normalizeEmail(parent.email) === normalizeEmail(reply.email)) return false;
  const sub = await activeSubscription(deps, trx, parent.email);
  if (!sub) return false;
  if (await alreadyQueued(trx, 'reply', `comment:${reply.id}`)) return false;
  const article = await articleRef(deps, trx, reply.article_id);
  if (!article) return false;
  const site = (await deps.settings.all())['site.title'];
  const unsubscribe = unsubscribeUrl(deps.config.publicUrl, sub.token);
  const body = replyMail({
    site,
    article,
    reply: { author: reply.author, url: reply.url, body: reply.body, link: `${article.url}#comment-${reply.id}` },
    unsubscribeUrl: unsubscribe,
  });
  // RFC 2369 and RFC 8058: mail clients offer "Unsubscribe", and a POST to the URL unsubscribes.
  const headers = { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  await enqueueMail(trx, { to: parent.email.trim(), ...body, headers, kind: 'reply', ref: `comment:${reply.id}` }, deps.clock.now());
  return true;
}

/**
 * Called by the submission, inside the transaction that stores `comment`: queues the mail the new
 * comment causes (moderators for a held one, the opt-in confirmation, a reply notification).
 */
export async function notifyAfterSubmit(deps: Deps, trx: Transaction<Database>, comment: SubmittedComment): Promise<void> {
  if (comment.status === 'pending') await mailModerators(deps, trx, comment.id);
  // Spam never triggers mail: a spammer must not be able to make us write to someone.
  if (comment.notify && comment.email.trim() && (comment.status === 'approved' || comment.status === 'pending')) {
    const article = await articleRef(deps, trx, comment.article_id);
    if (article) await requestReplyNotifications(deps, trx, comment.email, article);
  }
  if (comment.status === 'approved' && comment.parent_id !== null) await notifyParentAuthor(deps, trx, comment.id);
}

/**
 * Called when a moderator changes a comment's status (newsroom, CLI, a mailed link), inside the
 * transaction that changes it: an approved reply now notifies the comment it answers.
 */
export async function notifyAfterModeration(deps: Deps, trx: Transaction<Database>, commentId: number, newStatus: CommentStatus): Promise<void> {
  if (newStatus === 'approved') await notifyParentAuthor(deps, trx, commentId);
}
