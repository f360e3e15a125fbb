/**
 * What a moderator does to comments: change their status, edit, reply as staff, empty the spam.
 *
 * Each change runs in a `deps.write` transaction that also names the cached pages it makes stale
 * (the article page and the comment feeds, when a comment enters or leaves public view); status
 * changes also teach the learned spam filter and queue the notifications an approval causes.
 */
import type { Transaction } from 'kysely';
import type { CommentStatus, Database, User } from '../../db/schema.js';
import type { Deps, Stale } from '../../runtime/deps.js';
import { moderateComment } from '../../comments/moderate.js';
import { notifyAfterModeration } from '../../comments/notify.js';

export const ACTIONS = ['approve', 'unapprove', 'spam', 'notspam', 'trash', 'restore', 'delete'] as const;
export type ModerationAction = (typeof ACTIONS)[number];

/**
 * The status each action leads to. "Not spam" approves: a moderator who rescues a comment from the
 * spam has read it. "Restore" puts a trashed comment back in the queue to be looked at again.
 */
const TARGET: Record<Exclude<ModerationAction, 'delete'>, CommentStatus> = {
  approve: 'approved',
  unapprove: 'pending',
  spam: 'spam',
  notspam: 'approved',
  trash: 'trash',
  restore: 'pending',
};

export function isAction(a: string): a is ModerationAction {
  return (ACTIONS as readonly string[]).includes(a);
}

/** Marks the pages showing a comment stale when it enters or leaves public view. */
function staleIfPublic(stale: Stale, articleId: number, ...statuses: CommentStatus[]): void {
  if (statuses.includes('approved')) stale(`article:${articleId}`, 'comments-feed');
}

/**
 * Applies `action` to the comments `ids`; returns how many changed. Status changes go through
 * the comments feature's `moderateComment` (the same rules as the CLI and mailed links: stale
 * pages, spam-filter training, notifications), one transaction per comment.
 */
export async function moderate(deps: Deps, ids: number[], action: ModerationAction, by: User): Promise<number> {
  if (!ids.length) return 0;
  if (action === 'delete') return deleteForGood(deps, ids);
  let changed = 0;
  const reason = `${action === 'notspam' ? 'not spam' : action} by ${by.name}`;
  for (const id of ids) {
    const r = await moderateComment(deps, id, TARGET[action], 'staff', reason);
    if (r?.changed) changed++;
  }
  return changed;
}

/** Deletes comments for good, but only those already out of view (spam or trash). */
async function deleteForGood(deps: Deps, ids: number[]): Promise<number> {
  return deps.write(async (trx) => {
    const gone = trx.selectFrom('comments').select('id').where('id', 'in', ids).where('status', 'in', ['spam', 'trash']);
    await trx.updateTable('comments').set({ parent_id: null }).where('parent_id', 'in', gone).execute();
    const r = await trx.deleteFrom('comments').where('id', 'in', ids).where('status', 'in', ['spam', 'trash']).executeTakeFirst();
    return Number(r.numDeletedRows);
  });
}

export interface CommentEdit {
  author: string;
  email: string;
  url: string;
  body: string;
}

/** Saves a moderator's edit of a comment. */
export async function editComment(deps: Deps, id: number, edit: CommentEdit): Promise<boolean> {
  return deps.write(async (trx, stale) => {
    const c = await trx.selectFrom('comments').select(['article_id', 'status']).where('id', '=', id).executeTakeFirst();
    if (!c) return false;
    await trx.updateTable('comments').set(edit).where('id', '=', id).execute();
    staleIfPublic(stale, c.article_id, c.status);
    return true;
  });
}

/**
 * Replies to comment `parentId` as `by`: published at once and linked to the account
 * (`user_id`), which is how the site marks it as staff. Returns the new comment's id.
 */
export async function replyAsStaff(deps: Deps, parentId: number, body: string, by: User): Promise<number | null> {
  return deps.write(async (trx: Transaction<Database>, stale) => {
    const parent = await trx.selectFrom('comments').select(['article_id', 'status']).where('id', '=', parentId).executeTakeFirst();
    if (!parent) return null;
    const now = deps.clock.now();
    const { id } = await trx
      .insertInto('comments')
      .values({
        article_id: parent.article_id,
        parent_id: parentId,
        author: by.name,
        email: by.email,
        url: '',
        body,
        status: 'approved',
        created_at: now,
        user_id: by.id,
        decided_by: 'staff',
        reason: `reply by ${by.name}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Replying to a held comment approves it: staff would not answer what they would not publish.
    if (parent.status === 'pending') {
      await trx
        .updateTable('comments')
        .set({ status: 'approved', decided_by: 'staff', reason: `approved by ${by.name} (replied)` })
        .where('id', '=', parentId)
        .execute();
      await notifyAfterModeration(deps, trx, parentId, 'approved');
    }
    await notifyAfterModeration(deps, trx, id, 'approved');
    stale(`article:${parent.article_id}`, 'comments-feed');
    return id;
  });
}

/** Deletes every comment marked as spam; returns how many. */
export async function emptySpam(deps: Deps): Promise<number> {
  return deps.write(async (trx) => {
    const spam = trx.selectFrom('comments').select('id').where('status', '=', 'spam');
    await trx.updateTable('comments').set({ parent_id: null }).where('parent_id', 'in', spam).execute();
    const r = await trx.deleteFrom('comments').where('status', '=', 'spam').executeTakeFirst();
    return Number(r.numDeletedRows);
  });
}
