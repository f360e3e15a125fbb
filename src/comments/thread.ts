/**
 * The approved thread of an article, read a page at a time.
 *
 * A page is `per` top-level comments (roots) with all their replies. A root is an approved comment
 * whose parent is not an approved comment (a reply whose parent was trashed stands on its own).
 *
 * No read here walks the whole thread (the whole thread used to be loaded, and hashed for avatars,
 * on every render):
 * - sizes come from `comment_counts` (approved and top-level, kept by triggers) plus the orphaned
 *   replies, found from the article's comments that are not approved (few);
 * - a page in the second half of the thread is read from the far end, so the newest page, where
 *   a new comment lands, costs what the first one does;
 * - the page of a comment is found by counting the roots newer than its root (none, for a comment
 *   just posted).
 * Sizes and pages must come from one state of the thread (comments arrive between two reads, and
 * a page counted from the far end would shift): callers read them {@link onSnapshot}.
 */
import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { CommentStatus, Database, Db } from '../db/schema.js';
import type { PublicComment } from '../content/queries.js';
import { prepared } from '../db/prepared.js';
import type { SiteSettings } from '../settings/definitions.js';

export type ThreadOrder = 'oldest' | 'newest';

/** The order the site's settings ask for. */
export const orderOf = (settings: Pick<SiteSettings, 'comments.order'>): ThreadOrder => (settings['comments.order'] === 'newest' ? 'newest' : 'oldest');
type Comments = ExpressionBuilder<Database & { c: Database['comments'] }, 'c'>;

/** Every status but approved: the comments whose approved replies stand as roots. */
const NOT_APPROVED = Object.keys({ pending: 1, spam: 1, trash: 1 } satisfies Record<Exclude<CommentStatus, 'approved'>, 1>) as CommentStatus[];

const COLUMNS = ['c.id', 'c.parent_id', 'c.author', 'c.email', 'c.url', 'c.body', 'c.created_at', 'c.user_id'] as const;

/** `c` is a root: approved, and its parent (if any) is not approved. */
function isRoot(eb: Comments) {
  return eb.or([
    eb('c.parent_id', 'is', null),
    eb.not(eb.exists(eb.selectFrom('comments as p').select(sql.lit(1).as('one')).whereRef('p.id', '=', 'c.parent_id').where('p.status', '=', 'approved'))),
  ]);
}

/** An article: its id, or a column of the query around (../moderation/batch-facts.ts). */
type ArticleRef = number | RawBuilder<number>;

function rootsOf(db: Db, articleId: number) {
  return db.selectFrom('comments as c').where('c.article_id', '=', articleId).where('c.status', '=', 'approved').where(isRoot);
}

/**
 * The identicon's key for a comment. Derived from the comment, not the email: an avatar drawn from
 * the address would let anyone confirm a guessed address by posting with it and comparing avatars.
 */
export type AvatarKey = (commentId: number) => string;

type Row = { id: number; parent_id: number | null; author: string; email: string; url: string; body: string; created_at: number; user_id: number | null };

/** The email never leaves here; the avatar is keyed by the comment (see {@link AvatarKey}). */
function toPublic(r: Row, avatarKey: AvatarKey): PublicComment {
  return {
    id: r.id,
    parent_id: r.parent_id,
    author: r.author,
    url: r.url,
    body: r.body,
    created_at: r.created_at,
    avatar_key: avatarKey(r.id),
    staff: r.user_id !== null,
  };
}

/** Runs `fn`'s reads on one snapshot of the database (SQLite: one read transaction; PostgreSQL: repeatable read). */
export function onSnapshot<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').execute(fn);
}

export interface ThreadSize {
  approved: number;
  roots: number;
  pages: number;
}

/**
 * Approved replies to a comment of the article that is not approved (they stand as roots). Each
 * status is sought on its own (article and status: the thread index's first two columns, an exact
 * range), and each one's replies under it. As `status IN (…)` and a join, PostgreSQL, sure from
 * statistics older than a hot story's comments that the story had few, read every comment of the
 * story and filtered them, or started from every approved comment: 3–8 ms at 5,000 comments, for
 * each one posted and each render.
 */
function orphansOf(db: Db, articleId: ArticleRef) {
  const [first, ...rest] = NOT_APPROVED.map((status) =>
    db.selectFrom('comments').select('id').where('article_id', '=', articleId).where('status', '=', sql.lit(status)),
  );
  // The replies are counted under each such comment (a correlated subquery): joined, PostgreSQL
  // could as well start from every approved comment of the site.
  return db.selectFrom(rest.reduce((all, q) => all.unionAll(q), first).as('p')).select((eb) => {
    const replies = eb
      .selectFrom('comments as c')
      .select((e) => e.fn.countAll<number>().as('r'))
      .whereRef('c.parent_id', '=', 'p.id')
      .where('c.status', '=', 'approved')
      .$asScalar();
    return eb.fn.coalesce(eb.fn.sum<number>(replies), eb.lit(0)).as('n');
  });
}

/** How many comments are approved, how many are roots, and the pages of `per` roots they make. */
export async function threadSize(db: Db, articleId: number, per: number): Promise<ThreadSize> {
  const row = await db.selectFrom('comment_counts').select(['approved', 'top_level']).where('article_id', '=', articleId).executeTakeFirst();
  const approved = Number(row?.approved ?? 0);
  let roots = Number(row?.top_level ?? 0);
  if (roots < approved) {
    // Approved replies to a comment that is not approved: from those comments, by parent.
    const orphans = await orphansOf(db, articleId).executeTakeFirstOrThrow();
    roots += Number(orphans.n);
  }
  return { approved, roots, pages: Math.max(1, Math.ceil(roots / per)) };
}

/** Which page of which thread, as {@link threadPage} takes it. */
export interface ThreadPageQuery {
  articleId: number;
  order: ThreadOrder;
  /** 1-based. */
  page: number;
  /** Top-level comments per page. */
  per: number;
  /** Approved top-level comments in the thread (threadSize). */
  roots: number;
  /** The avatar key shown for a comment (never anything of the email). */
  avatarKey: AvatarKey;
}

/**
 * Page `page` (1-based) of the thread: its roots in `order`, then all their approved replies
 * oldest first (the view nests them under their parents). `roots`: from {@link threadSize}.
 */
export async function threadPage(db: Db, { articleId, order, page, per, roots, avatarKey }: ThreadPageQuery): Promise<PublicComment[]> {
  const skip = (page - 1) * per;
  const take = Math.min(per, roots - skip);
  if (take <= 0) return [];
  // Past the middle, skip from the other end: fewer index entries to step over.
  const fromEnd = skip > roots / 2;
  const dir = (order === 'newest') !== fromEnd ? 'desc' : 'asc';
  const rows = await rootsOf(db, articleId)
    .select(COLUMNS)
    .orderBy('c.created_at', dir)
    .orderBy('c.id', dir)
    .limit(take)
    .offset(fromEnd ? roots - skip - take : skip)
    .execute();
  const top = fromEnd ? rows.reverse() : rows;
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
        .union((u) =>
          u.selectFrom('thread').crossJoin('comments as r').select('r.id').whereRef('r.parent_id', '=', 'thread.id').where('r.status', '=', 'approved'),
        ),
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
export async function approvedComment(db: Db, articleId: number, id: number, avatarKey: AvatarKey): Promise<PublicComment | undefined> {
  const r = await db
    .selectFrom('comments as c')
    .select(COLUMNS)
    .where('c.id', '=', id)
    .where('c.article_id', '=', articleId)
    .where('c.status', '=', 'approved')
    .executeTakeFirst();
  return r && toPublic(r, avatarKey);
}

/**
 * The 1-based page that shows approved comment `id` (1 when it is not approved). `parentId`, when
 * the caller knows it (a comment just posted): a comment without a parent is its own root, and the
 * walk up the chain of parents is skipped.
 */
export async function pageOfComment(db: Db, articleId: number, id: number, order: ThreadOrder, per: number, parentId?: number | null): Promise<number> {
  const chain =
    parentId === null
      ? await db
          .selectFrom('comments')
          .select(['id', 'parent_id', 'created_at'])
          .where('id', '=', id)
          .where('article_id', '=', articleId)
          .where('status', '=', 'approved')
          .execute()
      : await chainUp(db, articleId, id);
  if (!chain.length) return 1;
  const inChain = new Set(chain.map((c) => c.id));
  const root = chain.find((c) => c.parent_id === null || !inChain.has(c.parent_id)) ?? chain[0];
  // Roots newer than this one: none or few for the comment just posted, the usual question.
  const newer = await rootsOf(db, articleId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    // `>=` first, so the index is entered at the root's time rather than walked from the start.
    .where('c.created_at', '>=', root.created_at)
    .where((eb) => eb.or([eb('c.created_at', '>', root.created_at), eb('c.id', '>', root.id)]))
    .executeTakeFirstOrThrow();
  const roots = order === 'newest' ? 0 : (await threadSize(db, articleId, per)).roots;
  return pageAmongRoots(roots, Number(newer.n), order, per);
}

/**
 * The page of top-level comment `id`, created at `createdAt` (a comment just posted, whose writer is
 * sent to it), in one statement: one round trip, and one state of the thread without a transaction
 * around it. The same answer as {@link pageOfComment} with `parentId` null.
 */
export async function pageOfTopLevel(db: Db, articleId: number, id: number, createdAt: number, order: ThreadOrder, per: number): Promise<number> {
  const [row] = await topLevelPlace(db, articleId, id, createdAt);
  if (!row?.shown) return 1;
  const newer = Number(row.newer ?? 0);
  // Only a comment that is no longer the newest has this many roots after it: counted in full.
  if (newer >= NEWER_SCAN) return pageOfComment(db, articleId, id, order, per, null);
  return pageAmongRoots(Number(row.top_level ?? 0) + Number(row.orphans ?? 0), newer, order, per);
}

/** The page of a root with `newer` roots after it, among `roots` in all. */
export function pageAmongRoots(roots: number, newer: number, order: ThreadOrder, per: number): number {
  if (order === 'newest') return Math.floor(newer / per) + 1;
  return Math.floor(Math.max(0, roots - 1 - newer) / per) + 1;
}

/** The most roots after a just-posted comment {@link pageOfTopLevel} counts itself (see there). */
const NEWER_SCAN = 1000;

/**
 * Whether it is shown, the roots newer than it (at most NEWER_SCAN), and the thread's size (see
 * {@link threadSize}). The newer roots are read newest first with a limit: that order is the thread
 * index's own (article, status, time), so PostgreSQL walks it from the comment's time on. Asked for
 * a bare count, PostgreSQL chose by its statistics, and on a story whose comments had grown since
 * they were last gathered (the hot story, minutes old) it chose the article's approved-comment
 * index and read every comment of the story for each one posted: 1.5 ms at 5,000 comments.
 */
const topLevelPlace = prepared(3, (db, articleId: number, id: number, createdAt: number) => {
  const counts = (column: 'approved' | 'top_level') => db.selectFrom('comment_counts').select(column).where('article_id', '=', articleId);
  return db.selectNoFrom((eb) => [
    // Found by its id alone, then checked: asked by article and status too, PostgreSQL's generic plan
    // walked the thread index's entries for the whole story to reach it.
    db
      .selectFrom('comments')
      .select((e) => e.and([e('article_id', '=', articleId), e('status', '=', 'approved')]).as('shown'))
      .where('id', '=', id)
      .$asScalar()
      .as('shown'),
    db
      .selectFrom(
        rootsOf(db, articleId)
          .select('c.id')
          .where('c.created_at', '>=', createdAt)
          .where((e) => e.or([e('c.created_at', '>', createdAt), e('c.id', '>', id)]))
          .orderBy('c.created_at', 'desc')
          .orderBy('c.id', 'desc')
          .limit(sql.lit(NEWER_SCAN))
          .as('newer'),
      )
      .select((e) => e.fn.countAll<number>().as('n'))
      .$asScalar()
      .as('newer'),
    counts('top_level').$asScalar().as('top_level'),
    // The orphaned replies, read only when there are any.
    eb.case().when(counts('top_level').$asScalar(), '<', counts('approved').$asScalar()).then(orphansOf(db, articleId).$asScalar()).else(0).end().as('orphans'),
  ]);
});

/**
 * The thread of `articleId` as comments about to be stored in it find it: its top-level comments,
 * its orphaned replies, and an approved comment newer than `now` if there is one (a clock ahead
 * elsewhere wrote it). No row when the story has no comment yet. A batch reads
 * it with its moderation facts, under the story's lock (../moderation/batch-facts.ts), and so
 * knows the page of each top-level comment it stores ({@link pageAmongRoots}) without asking again
 * after the commit: on PostgreSQL that question was a round trip of its own for every comment
 * posted, on a pooled connection of its own. With 32 comments at a time on one story, server and
 * database CPU per comment went from 1.53 to 1.03 ms. Kept small: the batch's statement is planned
 * afresh for its first runs on each connection, under the story's lock (with these columns read as
 * {@link topLevelPlace} reads them, planning it took 5 ms a run, against 2 without them).
 */
export function threadBefore(db: Db, articleId: ArticleRef, now: number) {
  return db
    .selectFrom('comment_counts as cc')
    .where('cc.article_id', '=', articleId)
    .select((eb) => [
      'cc.top_level',
      eb.case().when('cc.top_level', '<', eb.ref('cc.approved')).then(orphansOf(db, articleId).$asScalar()).else(0).end().as('orphans'),
      // Sought after `now`, newest first: the thread index's own order from the story's newest
      // end. As a bare max(), PostgreSQL, sure from old statistics that the story had a comment
      // or two, read all of them for it (300 ms a batch at 10,000 comments).
      db
        .selectFrom('comments')
        .select('created_at')
        .where('article_id', '=', articleId)
        .where('status', '=', 'approved')
        .where('created_at', '>', now)
        .orderBy('created_at', 'desc')
        .limit(sql.lit(1))
        .$asScalar()
        .as('ahead'),
    ]);
}

/** A thread as a batch found it: its roots, and whether an approved comment in it is newer than the batch's time. */
export interface ThreadBefore {
  roots: number;
  future: boolean;
}

/** A row of {@link threadBefore} as a {@link ThreadBefore}; none (a story with no comment yet) as an empty thread. */
export function threadFound(row: { top_level: unknown; orphans: unknown; ahead: unknown } | undefined): ThreadBefore {
  return { roots: Number(row?.top_level ?? 0) + Number(row?.orphans ?? 0), future: row?.ahead != null };
}

/**
 * {@link threadBefore} of one story, read by a batch written a comment at a time (SQLite,
 * ../batch.ts), as PostgreSQL's batch reads it with its moderation facts.
 */
export const threadOf = prepared(2, (db, articleId: number, now: number) => threadBefore(db, articleId, now));

/** Approved comment `id` and its chain of approved parents. */
function chainUp(db: Db, articleId: number, id: number) {
  return db
    .withRecursive('up(id, parent_id, created_at)', (q) =>
      q
        .selectFrom('comments')
        .select(['id', 'parent_id', 'created_at'])
        .where('id', '=', id)
        .where('article_id', '=', articleId)
        .where('status', '=', 'approved')
        .union((u) =>
          u
            .selectFrom('up')
            .crossJoin('comments as p')
            .select(['p.id', 'p.parent_id', 'p.created_at'])
            .whereRef('p.id', '=', 'up.parent_id')
            .where('p.status', '=', 'approved'),
        ),
    )
    .selectFrom('up')
    .select(['up.id', 'up.parent_id', 'up.created_at'])
    .execute();
}
