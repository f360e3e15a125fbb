/**
 * What the database phases (duplicate, flood, first-time, staff identity) need to know about every
 * comment of a group-committed batch (../batch.ts), and the rows no submission writes that the
 * others read (the article for `closed`, the spam filter's counts), read in one statement for the
 * whole batch instead of one round trip per comment and phase. On PostgreSQL a round trip is a network hop, and a batch of a
 * hundred comments made several hundred of them. With them, each article's thread as the batch
 * finds it (../thread.ts `threadBefore`): where its top-level comments land, for their writers.
 *
 * The comments of the batch itself are not in the table yet (they are inserted together once all
 * are decided), so each phase also looks at `earlier`: the comments of the batch decided before
 * this one. Together they answer what the table would have answered had each comment been
 * inserted on its own, in arrival order. `known` (first-time) is the approved comment this browser
 * proved it wrote (../commenter-proof.ts), under the same name and email.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { visible } from '../../content/queries.js';
import type { ArticleRow, CommentInput, RequestFacts, StoredFacts } from './context.js';
import { norm } from './staff-identity.js';
import { prepared } from '../../db/prepared.js';
import { threadBefore, threadFound, type ThreadBefore } from '../thread.js';

/** Everything the batch's database phases read, in one statement. */
export interface BatchFacts {
  /** Per submission, in order. */
  stored: StoredFacts[];
  /** The `closed` phase's read of each article commented on (undefined: none a reader may see). */
  articles: Map<number, ArticleRow | undefined>;
  /** The spam filter's document counts (../spam/store.ts `documentCounts`). */
  spam: { spamDocs: number; hamDocs: number };
  /** Each article's thread before the batch (../thread.ts `threadBefore`). */
  threads: Map<number, ThreadBefore>;
}

interface FactRow {
  duplicate: boolean;
  ip_last: number | null;
  email_last: number | null;
  known: boolean;
  staff: boolean;
  spam_docs: number | null;
  ham_docs: number | null;
  id: number | null;
  published_at: number | null;
  comments_open: boolean | null;
  slug: string | null;
  type: string | null;
  top_level: number | null;
  orphans: number | null;
  ahead: number | null;
}

/**
 * One row per submission, in order: each column an array of the batch's values (one shape whatever its size).
 *
 * The duplicate check finds the commenter's comments by email (a handful) and compares the rest,
 * row by row: a LATERAL with LIMIT, since as an EXISTS PostgreSQL's generic plan hashed the whole
 * comments table for every batch. `article_id + 0` keeps PostgreSQL from also intersecting them
 * with every comment of the article, as it did by statistics gathered before a hot story's
 * comments poured in (0.5 ms a comment at 5,000). The proven comment (`known`) is read by its id
 * alone, for the first reason (as an EXISTS it hashed every approved comment).
 */
const readFacts = prepared(
  10,
  (
    db,
    articleIds: number[],
    emails: string[],
    authors: string[],
    bodies: string[],
    ipHashes: string[],
    proven: number[],
    staffEmails: string[],
    staffNames: string[],
    since: number,
    now: number,
  ) => {
    // The `closed` phase's query, for each row's article.
    const article = db
      .selectFrom('articles')
      .select(['id', 'published_at', 'comments_open', 'slug', 'type'])
      .where('id', '=', sql<number>`x.article_id`)
      .where('type', '=', 'article')
      .where(visible(now));
    return sql<FactRow>`
    SELECT
      d.one IS NOT NULL AS duplicate,
      (SELECT max(c.created_at) FROM comments c WHERE c.ip_hash = x.ip_hash AND c.created_at > ${since}) AS ip_last,
      (SELECT max(c.created_at) FROM comments c WHERE c.email = x.email AND c.created_at > ${since}) AS email_last,
      coalesce((SELECT c.email = x.email AND c.author = x.author AND c.status = 'approved' FROM comments c WHERE c.id = x.proven), false) AS known,
      EXISTS (SELECT 1 FROM users u WHERE (x.staff_email <> '' AND lower(u.email) = x.staff_email)
        OR (x.staff_name <> '' AND lower(u.name) = x.staff_name)) AS staff,
      (SELECT d.count FROM spam_documents d WHERE d.class = 'spam') AS spam_docs,
      (SELECT d.count FROM spam_documents d WHERE d.class = 'ham') AS ham_docs,
      a.id, a.published_at, a.comments_open, a.slug, a.type,
      t.top_level, t.orphans, t.ahead
    FROM unnest(${articleIds}::bigint[], ${emails}::text[], ${authors}::text[], ${bodies}::text[], ${ipHashes}::text[],
      ${proven}::bigint[], ${staffEmails}::text[], ${staffNames}::text[])
      WITH ORDINALITY AS x(article_id, email, author, body, ip_hash, proven, staff_email, staff_name, n)
    LEFT JOIN LATERAL (SELECT 1 AS one FROM comments c WHERE c.email = x.email AND c.article_id + 0 = x.article_id AND c.author = x.author
      AND c.body = x.body AND c.status <> 'trash' LIMIT 1) d ON true
    LEFT JOIN LATERAL (${article}) a ON true
    LEFT JOIN LATERAL (${threadBefore(db, sql<number>`x.article_id`, now)}) t ON true
    ORDER BY x.n`;
  },
);

/**
 * Reads {@link BatchFacts} for every submission in one statement. `floodSince`: the start of the
 * flood window (null: the limit is off); `now`: when the articles must be visible.
 */
export async function readStoredFacts(
  trx: Transaction<Database>,
  items: { input: CommentInput; request: RequestFacts }[],
  floodSince: number | null,
  now: number,
): Promise<BatchFacts> {
  const articles = new Map<number, ArticleRow | undefined>();
  const threads = new Map<number, ThreadBefore>();
  if (!items.length) return { stored: [], articles, spam: { spamDocs: 0, hamDocs: 0 }, threads };
  // No window: a bound no row passes, so the index answers at once.
  const since = floodSince ?? Number.MAX_SAFE_INTEGER;
  const rows = await readFacts(
    trx,
    items.map((p) => p.input.articleId),
    items.map((p) => p.input.email),
    items.map((p) => p.input.author),
    items.map((p) => p.input.body),
    items.map((p) => p.request.ipHash),
    items.map((p) => p.request.provenCommentId ?? 0),
    items.map((p) => norm(p.input.email)),
    items.map((p) => norm(p.input.author)),
    since,
    now,
  );
  rows.forEach((r, i) => {
    const row =
      r.id === null ? undefined : { id: r.id, published_at: r.published_at, comments_open: !!r.comments_open, slug: r.slug ?? '', type: r.type ?? '' };
    articles.set(items[i].input.articleId, row);
    threads.set(items[i].input.articleId, threadFound(r));
  });
  return {
    stored: rows.map((r) => ({
      duplicate: r.duplicate,
      lastByIp: r.ip_last == null ? null : Number(r.ip_last),
      lastByEmail: r.email_last == null ? null : Number(r.email_last),
      known: r.known,
      staff: r.staff,
    })),
    articles,
    spam: { spamDocs: Number(rows[0].spam_docs ?? 0), hamDocs: Number(rows[0].ham_docs ?? 0) },
    threads,
  };
}
