/**
 * The approved thread of an article, read a page at a time.
 *
 * A page is `per` top-level comments (roots) with all their replies. A root is an approved comment
 * whose parent is not an approved comment (a reply whose parent was trashed stands on its own).
 * Every query here is bounded by what one page shows, whatever the size of the thread: an article
 * with 20,000 comments renders its page as fast as one with 20 (the whole thread used to be loaded,
 * and hashed for avatars, on every render).
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PublicComment } from '../content/queries.js';

export type ThreadOrder = 'oldest' | 'newest';
type Db = Kysely<Database>;
type Comments = ExpressionBuilder<Database & { c: Database['comments'] }, 'c'>;

const COLUMNS = ['c.id', 'c.parent_id', 'c.author', 'c.email', 'c.url', 'c.body', 'c.created_at', 'c.user_id'] as const;

/** `c` is a root: approved, and its parent (if any) is not approved. */
function isRoot(eb: Comments) {
  return eb.or([
    eb('c.parent_id', 'is', null),
    eb.not(
      eb.exists(
        eb
          .selectFrom('comments as p')
          .select(sql.lit(1).as('one'))
          .whereRef('p.id', '=', 'c.parent_id')
          .where('p.status', '=', 'approved'),
      ),
    ),
  ]);
}

function roots(db: Db, articleId: number) {
  return db.selectFrom('comments as c').where('c.article_id', '=', articleId).where('c.status', '=', 'approved').where(isRoot);
}

type Row = { id: number; parent_id: number | null; author: string; email: string; url: string; body: string; created_at: number; user_id: number | null };

/** The email leaves here only as `avatarKey(email)`. */
function toPublic(r: Row, avatarKey: (email: string) => string): PublicComment {
  return {
    id: r.id,
    parent_id: r.parent_id,
    author: r.author,
    url: r.url,
    body: r.body,
    created_at: r.created_at,
    avatar_key: avatarKey(r.email || r.author),
    staff: r.user_id !== null,
  };
}

/**
 * How many comments are approved (one row, kept by triggers), and how many pages of `per` roots
 * the thread makes. Roots are counted only when the thread is longer than one page: that count
 * walks the article's index entries, the one read here that grows with the thread.
 */
export async function threadSize(db: Db, articleId: number, per: number): Promise<{ approved: number; pages: number }> {
  const row = await db.selectFrom('comment_counts').select('approved').where('article_id', '=', articleId).executeTakeFirst();
  const approved = Number(row?.approved ?? 0);
  if (approved <= per) return { approved, pages: 1 };
  const r = await roots(db, articleId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { approved, pages: Math.max(1, Math.ceil(Number(r.n) / per)) };
}

/**
 * Page `page` (1-based) of the thread: its roots in `order`, then all their approved replies
 * oldest first (the view nests them under their parents).
 */
export async function threadPage(db: Db, articleId: number, order: ThreadOrder, page: number, per: number, avatarKey: (email: string) => string): Promise<PublicComment[]> {
  const dir = order === 'newest' ? 'desc' : 'asc';
  const top = await roots(db, articleId)
    .select(COLUMNS)
    .orderBy('c.created_at', dir)
    .orderBy('c.id', dir)
    .limit(per)
    .offset((page - 1) * per)
    .execute();
  if (!top.length) return [];
  const ids = top.map((r) => r.id);
  // Descendants through approved comments only; UNION (not UNION ALL) ends any cycle an import made.
  const replies = await db
    .withRecursive('thread(id)', (q) =>
      q
        .selectFrom('comments')
        .select('id')
        .where('parent_id', 'in', ids)
        .where('status', '=', 'approved')
        // CROSS JOIN keeps SQLite's planner on this order (each thread row, then its replies by
        // comments_parent); left free, it scanned every approved comment at each step.
        .union((u) => u.selectFrom('thread').crossJoin('comments as r').select('r.id').whereRef('r.parent_id', '=', 'thread.id').where('r.status', '=', 'approved')),
    )
    .selectFrom('comments as c')
    .select(COLUMNS)
    .where('c.id', 'in', (s) => s.selectFrom('thread').select('thread.id'))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return [...top, ...replies].map((r) => toPublic(r, avatarKey));
}

/** One approved comment of the article (the one `?replytocom=` names), or undefined. */
export async function approvedComment(db: Db, articleId: number, id: number, avatarKey: (email: string) => string): Promise<PublicComment | undefined> {
  const r = await db.selectFrom('comments as c').select(COLUMNS).where('c.id', '=', id).where('c.article_id', '=', articleId).where('c.status', '=', 'approved').executeTakeFirst();
  return r && toPublic(r, avatarKey);
}

/** The 1-based page that shows approved comment `id` (1 when it is not approved). */
export async function pageOfComment(db: Db, articleId: number, id: number, order: ThreadOrder, per: number): Promise<number> {
  // Up the chain of approved parents to the root.
  const chain = await db
    .withRecursive('up(id, parent_id, created_at)', (q) =>
      q
        .selectFrom('comments')
        .select(['id', 'parent_id', 'created_at'])
        .where('id', '=', id)
        .where('article_id', '=', articleId)
        .where('status', '=', 'approved')
        .union((u) => u.selectFrom('up').crossJoin('comments as p').select(['p.id', 'p.parent_id', 'p.created_at']).whereRef('p.id', '=', 'up.parent_id').where('p.status', '=', 'approved')),
    )
    .selectFrom('up')
    .select(['up.id', 'up.parent_id', 'up.created_at'])
    .execute();
  if (!chain.length) return 1;
  const inChain = new Set(chain.map((c) => c.id));
  const root = chain.find((c) => c.parent_id === null || !inChain.has(c.parent_id)) ?? chain[0];
  const before = await roots(db, articleId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) =>
      order === 'newest'
        ? eb.or([eb('c.created_at', '>', root.created_at), eb.and([eb('c.created_at', '=', root.created_at), eb('c.id', '>', root.id)])])
        : eb.or([eb('c.created_at', '<', root.created_at), eb.and([eb('c.created_at', '=', root.created_at), eb('c.id', '<', root.id)])]),
    )
    .executeTakeFirstOrThrow();
  return Math.floor(Number(before.n) / per) + 1;
}
