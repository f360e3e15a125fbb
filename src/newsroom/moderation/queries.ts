/**
 * What the moderation queue reads: comments of one status with their article, and the counts.
 */
import type { Kysely } from 'kysely';
import type { Comment, CommentStatus, Database } from '../../db/schema.js';

export const QUEUE_STATUSES: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];
export const QUEUE_PAGE_SIZE = 50;

/** A comment as the queue shows it (all but the columns only the machinery reads), with its article. */
export type QueueItem = Omit<Comment, 'user_agent' | 'notify' | 'wp_id' | 'trained'> & {
  headline: string;
  article_slug: string;
  article_type: 'article' | 'page';
  article_status: string;
  published_at: number | null;
};

/** Comments by status. */
export async function queueCounts(db: Kysely<Database>): Promise<Record<CommentStatus, number>> {
  const rows = await db
    .selectFrom('comments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const out = { pending: 0, approved: 0, spam: 0, trash: 0 } as Record<CommentStatus, number>;
  for (const r of rows) if (r.status in out) out[r.status] = Number(r.n);
  return out;
}

/** Comments joined to their article, with the columns a queue row shows. */
function queueRows(db: Kysely<Database>) {
  return db
    .selectFrom('comments as c')
    .innerJoin('articles as a', 'a.id', 'c.article_id')
    .select([
      'c.id',
      'c.article_id',
      'c.parent_id',
      'c.author',
      'c.email',
      'c.url',
      'c.body',
      'c.status',
      'c.created_at',
      'c.ip_hash',
      'c.user_id',
      'c.decided_by',
      'c.reason',
      'a.headline',
      'a.slug as article_slug',
      'a.type as article_type',
      'a.status as article_status',
      'a.published_at',
    ]);
}

/** One page of the queue, newest first. */
export async function queuePage(db: Kysely<Database>, status: CommentStatus, page: number, limit = QUEUE_PAGE_SIZE): Promise<QueueItem[]> {
  return queueRows(db)
    .where('c.status', '=', status)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .offset((page - 1) * limit)
    .execute();
}

/** One comment with its article, for the edit page. */
export async function queueItem(db: Kysely<Database>, id: number): Promise<QueueItem | undefined> {
  return queueRows(db).where('c.id', '=', id).executeTakeFirst();
}

/** The comment a reply answers, as the queue quotes it. */
export interface ParentQuote {
  id: number;
  author: string;
  body: string;
  status: CommentStatus;
}

/** How a commenter has fared: their comments by status (keyed by email, or by name without one). */
export type History = Record<CommentStatus, number>;

export const historyKey = (c: { email: string; author: string }) => (c.email ? `e:${c.email.toLowerCase()}` : `n:${c.author.trim().toLowerCase()}`);

/** What a moderator weighs beside each comment: the comment replied to, and the writer's record. */
export async function queueContext(db: Kysely<Database>, items: QueueItem[]): Promise<{ parents: Map<number, ParentQuote>; history: Map<string, History> }> {
  const parentIds = [...new Set(items.map((c) => c.parent_id).filter((v): v is number => v !== null))];
  const emails = [...new Set(items.map((c) => c.email.toLowerCase()).filter(Boolean))];
  const names = [...new Set(items.filter((c) => !c.email).map((c) => c.author.trim()))];
  const [parents, byEmail, byName] = await Promise.all([
    parentIds.length ? db.selectFrom('comments').select(['id', 'author', 'body', 'status']).where('id', 'in', parentIds).execute() : [],
    // Emails are stored lower-cased (comments/input.ts), so the email index answers this.
    emails.length
      ? db
          .selectFrom('comments')
          .select(['email as k', 'status', (eb) => eb.fn.countAll<number>().as('n')])
          .where('email', 'in', emails)
          .groupBy(['email', 'status'])
          .execute()
      : [],
    names.length
      ? db
          .selectFrom('comments')
          .select(['author as k', 'status', (eb) => eb.fn.countAll<number>().as('n')])
          .where('email', '=', '')
          .where('author', 'in', names)
          .groupBy(['author', 'status'])
          .execute()
      : [],
  ]);
  const history = new Map<string, History>();
  const add = (key: string, status: CommentStatus, n: number) => {
    let h = history.get(key);
    if (!h) history.set(key, (h = { approved: 0, pending: 0, spam: 0, trash: 0 }));
    h[status] += n;
  };
  for (const r of byEmail) add(`e:${String(r.k)}`, r.status, Number(r.n));
  for (const r of byName) add(`n:${String(r.k).trim().toLowerCase()}`, r.status, Number(r.n));
  return { parents: new Map(parents.map((p) => [p.id, p])), history };
}
