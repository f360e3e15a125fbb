/**
 * Group commit for comment submissions: one transaction, and so one fsync, for every comment that
 * arrived while the previous transaction was being written.
 *
 * - Each comment runs its whole pipeline (./submit.ts `storeComment`) under its own SAVEPOINT, in
 *   arrival order: a refused comment rolls back alone, and the duplicate, flood and first-time
 *   checks of a later comment see the earlier comments of the same batch, as they would have seen
 *   them committed one transaction earlier.
 * - Every commenter of the batch is locked at its start (../lock.ts), as a single submission was.
 * - Nobody hears back before the batch commits: acknowledgements (and refusals, which may rest on
 *   an earlier comment of the batch) are sent after COMMIT, and after the pages the batch made stale
 *   are dropped here and recorded for the other processes, so the next request shows the comment.
 * - If the transaction fails as a whole (the disk, a lock timeout), every comment of it fails.
 */
import { CompiledQuery } from 'kysely';
import type { Deps } from '../runtime/deps.js';
import { lockCommenters } from './lock.js';
import { storeComment, type Submission, type SubmittedComment } from './store.js';

/** A batch this large is written even if more are waiting: bounds how long one transaction takes. */
const MAX_BATCH = 128;

// The same text on SQLite and PostgreSQL; compiled once.
const SAVEPOINT = CompiledQuery.raw('SAVEPOINT comment');
const RELEASE = CompiledQuery.raw('RELEASE SAVEPOINT comment');
const ROLLBACK_TO = CompiledQuery.raw('ROLLBACK TO SAVEPOINT comment');

interface Pending extends Submission {
  resolve(c: SubmittedComment): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; comment: SubmittedComment } | { ok: false; error: unknown };

export class CommentBatcher {
  private queue: Pending[] = [];
  private writing = false;

  /**
   * @param deps the process that writes: its `write` runs the batch transaction.
   * @param beforeBatch called before each batch (e.g. to notice settings changed elsewhere).
   */
  constructor(
    private readonly deps: Deps,
    private readonly beforeBatch: () => void = () => {},
  ) {}

  /** Queues a submission; settles once its batch has committed (or failed). */
  submit(submission: Submission): Promise<SubmittedComment> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...submission, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // Let submissions that arrive in the same turn of the event loop join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Submissions waiting for a batch (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.write(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    const { deps } = this;
    const outcomes: Outcome[] = [];
    try {
      this.beforeBatch();
      const settings = await deps.settings.all();
      await deps.write(async (trx, stale) => {
        await lockCommenters(
          deps.db.dialect,
          trx,
          batch.map((p) => ({ ipHash: p.request.ipHash, email: p.input.email })),
        );
        const shared = new Map<string, Promise<unknown>>();
        for (const p of batch) {
          const tags: string[] = [];
          await trx.executeQuery(SAVEPOINT);
          try {
            const comment = await storeComment(deps, trx, settings, p, (...t) => void tags.push(...t), shared);
            await trx.executeQuery(RELEASE);
            stale(...tags);
            outcomes.push({ ok: true, comment });
          } catch (error) {
            // Undoes this comment only; a failure to roll back fails the whole batch.
            await trx.executeQuery(ROLLBACK_TO);
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.comment);
      else p.reject(o.error);
    });
  }
}
