/**
 * What the database phases (duplicate, flood, first-time) need to know about every comment of a
 * group-committed batch (../batch.ts), read in one statement for the whole batch instead of one
 * round trip per comment and phase. On PostgreSQL a round trip is a network hop, and a batch of a
 * hundred comments made several hundred of them.
 *
 * The comments of the batch itself are not in the table yet (they are inserted together once all
 * are decided), so each phase also looks at `earlier`: the comments of the batch decided before
 * this one. Together they answer what the table would have answered had each comment been
 * inserted on its own, in arrival order. `known` (first-time) is the approved comment this browser
 * proved it wrote (../commenter-proof.ts), under the same name and email.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CommentInput, RequestFacts, StoredFacts } from './context.js';

/**
 * Reads {@link StoredFacts} for every submission, in order, in one statement. `floodSince`: the
 * start of the flood window (null: the limit is off).
 */
export async function readStoredFacts(
  trx: Transaction<Database>,
  items: { input: CommentInput; request: RequestFacts }[],
  floodSince: number | null,
): Promise<StoredFacts[]> {
  // No window: a bound no row passes, so the index answers at once.
  const since = floodSince ?? Number.MAX_SAFE_INTEGER;
  const { rows } = await sql<{ duplicate: boolean; ip_last: number | null; email_last: number | null; known: boolean }>`
    SELECT
      EXISTS (SELECT 1 FROM comments c WHERE c.article_id = x.article_id AND c.email = x.email AND c.author = x.author
        AND c.body = x.body AND c.status <> 'trash') AS duplicate,
      (SELECT max(c.created_at) FROM comments c WHERE c.ip_hash = x.ip_hash AND c.created_at > ${since}) AS ip_last,
      (SELECT max(c.created_at) FROM comments c WHERE c.email = x.email AND c.created_at > ${since}) AS email_last,
      EXISTS (SELECT 1 FROM comments c WHERE c.id = x.proven AND c.email = x.email AND c.author = x.author AND c.status = 'approved') AS known
    FROM unnest(${items.map((p) => p.input.articleId)}::bigint[], ${items.map((p) => p.input.email)}::text[],
      ${items.map((p) => p.input.author)}::text[], ${items.map((p) => p.input.body)}::text[], ${items.map((p) => p.request.ipHash)}::text[],
      ${items.map((p) => p.request.provenCommentId ?? 0)}::bigint[])
      WITH ORDINALITY AS x(article_id, email, author, body, ip_hash, proven, n)
    ORDER BY x.n`.execute(trx);
  return rows.map((r) => ({
    duplicate: r.duplicate,
    lastByIp: r.ip_last == null ? null : Number(r.ip_last),
    lastByEmail: r.email_last == null ? null : Number(r.email_last),
    known: r.known,
  }));
}
