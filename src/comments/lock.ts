/**
 * One commenter at a time: the flood limit and the duplicate check read the comments table and
 * then write to it, so two posts from the same IP or email racing in two workers (or nodes) must
 * not both see "nothing recent". And one writer per story at a time: its comments are stored in
 * the order they commit (time and id taken under the lock), so a comment committed later can never
 * slip in before one already acknowledged and push it onto the next comment page after its
 * writer was sent to the page it was on. The lock is taken first thing in the write transaction.
 *
 * - SQLite: a no-op UPDATE makes the transaction a writer at once (SQLite allows one writer per
 *   file, across processes), so everything read after it is current until commit.
 * - PostgreSQL: transaction-scoped advisory locks on the IP hash and the email, in a fixed order
 *   so two transactions can never wait for each other in a circle.
 *
 * A group-committed batch (./batch.ts) takes every commenter's locks at once, before its first
 * comment, all in the same global order: two batches sharing commenters can only queue, not deadlock.
 */
import { CompiledQuery, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Dialect } from '../db/connect.js';
import { travelsWithBegin } from '../db/pg-round-trips.js';

const TAKE_WRITE_LOCK = CompiledQuery.raw('UPDATE comments SET id = id WHERE 0');
/** The transaction's first statement: it goes out with the BEGIN (../db/pg-round-trips.ts). */
const LOCK_KEYS = travelsWithBegin('SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k');

/** Locks every commenter of a batch, and every story they comment on, until the transaction ends. */
export async function lockCommenters(
  dialect: Dialect,
  trx: Transaction<Database>,
  commenters: { ipHash: string; email: string; articleId: number }[],
): Promise<void> {
  if (dialect === 'sqlite') {
    await trx.executeQuery(TAKE_WRITE_LOCK);
    return;
  }
  const keys = [...new Set(commenters.flatMap((c) => [`comment-ip:${c.ipHash}`, `comment-email:${c.email}`, `comment-story:${c.articleId}`]))].sort();
  // One statement: a function scan yields the (sorted) array in order, locking one key per row.
  await trx.executeQuery(CompiledQuery.raw(LOCK_KEYS, [keys]));
}
