/**
 * A moderator's decision on a stored comment (CLI now, newsroom and mailed links too): the new
 * status, the pages it changes, the mail it causes and what the spam filter learns from it.
 */
import type { Kysely } from 'kysely';
import type { CommentStatus, Database } from '../db/schema.js';
import type { Deps } from '../runtime/deps.js';
import { notifyAfterModeration } from './notify.js';
import { train } from './spam/store.js';

export interface ModerationResult {
  id: number;
  articleId: number;
  previous: CommentStatus;
  status: CommentStatus;
  changed: boolean;
  /** True when the comment was neither in one of `onlyFrom` nor already `status`: nothing was done. */
  stale?: boolean;
}

/**
 * Sets comment `id` to `status`, or returns null when there is no such comment.
 * Marking spam teaches the filter "spam"; approving a held or spam comment teaches it "ham"
 * (a person read it and found it fine); the trash teaches nothing. With `onlyFrom`, the change is
 * made only from one of those statuses (a mailed link, issued for the comment as it was then).
 */
export async function moderateComment(
  deps: Deps,
  id: number,
  status: CommentStatus,
  by = 'moderator',
  reason = 'decided by a moderator',
  onlyFrom?: CommentStatus[],
): Promise<ModerationResult | null> {
  return deps.write(async (trx, stale) => {
    const c = await trx.selectFrom('comments').select(['id', 'article_id', 'status', 'author', 'email', 'url', 'body']).where('id', '=', id).executeTakeFirst();
    if (!c) return null;
    const result = { id, articleId: c.article_id, previous: c.status, status, changed: c.status !== status };
    if (!result.changed) return result;
    if (onlyFrom && !onlyFrom.includes(c.status)) return { ...result, changed: false, stale: true };
    await trx.updateTable('comments').set({ status, decided_by: by, reason }).where('id', '=', id).execute();
    // Only approved comments are on any page, feed or count.
    if (c.status === 'approved' || status === 'approved') stale(`article:${c.article_id}`, 'comments-feed');
    if (status === 'spam') await train(deps, trx, c, 'spam');
    else if (status === 'approved' && c.status !== 'trash') await train(deps, trx, c, 'ham');
    await notifyAfterModeration(deps, trx, id, status);
    return result;
  });
}

/** Every comment (or those of one status) with its article's slug, oldest first: `gazette comments list`. */
export function listComments(db: Kysely<Database>, status?: CommentStatus) {
  let q = db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .select([
      'comments.id',
      'comments.article_id',
      'articles.slug as article',
      'comments.parent_id',
      'comments.author',
      'comments.email',
      'comments.status',
      'comments.decided_by',
      'comments.reason',
      'comments.created_at',
    ])
    .orderBy('comments.id');
  if (status) q = q.where('comments.status', '=', status);
  return q.execute();
}
