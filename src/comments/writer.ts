/**
 * Who writes a process's comment submissions.
 *
 * SQLite allows one writer per file. Workers that each wrote their own comments would take turns
 * at that lock through SQLite's sleeping busy handler, and every turn is an fsync of its own. So,
 * with SQLite and several workers, the cluster primary (which serves no requests) keeps a
 * connection open and runs the one group-committing writer (./batch.ts); workers send it each
 * submission over cluster IPC and answer their client when it replies, after COMMIT. Other workers
 * see the new comment on their next request, through SQLite's data_version and the invalidation row
 * the batch recorded (../server/invalidation.ts).
 *
 * One process (WORKERS=1), or PostgreSQL (which handles concurrent writers): each process batches
 * its own submissions on its own connection pool.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../kernel/config.js';
import type { Deps } from '../runtime/deps.js';
import { CommentBatcher } from './batch.js';
import { CommentError } from './errors.js';
import { fromRefusal, toRefusal, type Refusal } from './refusal.js';
import type { Submission, SubmittedComment } from './store.js';

export interface CommentWriter {
  submit(submission: Submission): Promise<SubmittedComment>;
}

/** Whether `serve` runs the comment writer in the cluster primary (see the file comment). */
export function writesInPrimary(config: Pick<Config, 'workers' | 'dialect'>): boolean {
  return config.workers > 1 && config.dialect === 'sqlite';
}

const SUBMIT = 'gazette:comment-submit';
const RESULT = 'gazette:comment-result';

interface SubmitMessage {
  type: typeof SUBMIT;
  id: number;
  submission: Submission;
}

interface ResultMessage {
  type: typeof RESULT;
  id: number;
  comment?: SubmittedComment;
  refusal?: Refusal;
  failure?: string;
}

const writers = new WeakMap<Deps, CommentWriter>();

/** The writer for this process's submissions (created on first use). */
export function commentWriter(deps: Deps): CommentWriter {
  let w = writers.get(deps);
  if (!w) {
    w = cluster.isWorker && process.send && writesInPrimary(deps.config) ? new PrimaryWriterClient() : new CommentBatcher(deps);
    writers.set(deps, w);
  }
  return w;
}

/** A worker's side: each submission goes to the primary; the answer comes back after COMMIT. */
class PrimaryWriterClient implements CommentWriter {
  private next = 1;
  private readonly pending = new Map<number, { resolve(c: SubmittedComment): void; reject(err: unknown): void }>();

  constructor() {
    process.on('message', (m: unknown) => {
      const msg = m as ResultMessage;
      if (!msg || msg.type !== RESULT) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.comment) p.resolve(msg.comment);
      else if (msg.refusal) p.reject(fromRefusal(msg.refusal));
      else p.reject(new Error(`the comment writer failed: ${msg.failure ?? 'unknown error'}`));
    });
    // The primary is gone: whatever it had not answered is not acknowledged (it may or may not
    // have been stored; the client sees an error, never a false acknowledgement).
    process.on('disconnect', () => this.failAll(new Error('the comment writer (cluster primary) is gone')));
  }

  submit(submission: Submission): Promise<SubmittedComment> {
    return new Promise((resolve, reject) => {
      const id = this.next++;
      this.pending.set(id, { resolve, reject });
      const msg: SubmitMessage = { type: SUBMIT, id, submission };
      try {
        process.send!(msg, undefined, {}, (err) => {
          if (!err) return;
          this.pending.delete(id);
          reject(err);
        });
      } catch (err) {
        this.pending.delete(id);
        reject(err);
      }
    });
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/**
 * The primary's side: runs the batcher on `deps` (the primary's own connection) for every worker.
 * Settings changed by another process (CLI, newsroom) are noticed through SQLite's data_version
 * before each batch. Returns a function that stops listening.
 */
export function hostCommentWriter(deps: Deps): () => void {
  const version = deps.db.sqlite?.prepare('PRAGMA data_version').pluck();
  let seen = version?.get();
  const batcher = new CommentBatcher(deps, () => {
    const now = version?.get();
    if (now !== seen) {
      seen = now;
      deps.settings.forget();
    }
  });
  writers.set(deps, batcher);

  const onMessage = (worker: Worker, m: unknown) => {
    const msg = m as SubmitMessage;
    if (!msg || msg.type !== SUBMIT) return;
    const reply = (r: Omit<ResultMessage, 'type' | 'id'>) => {
      // A worker that died meanwhile cannot be answered; its client saw the connection drop.
      if (worker.isConnected()) worker.send({ type: RESULT, id: msg.id, ...r } satisfies ResultMessage, undefined, () => {});
    };
    batcher.submit(msg.submission).then(
      (comment) => reply({ comment }),
      (err: unknown) => {
        if (err instanceof CommentError) reply({ refusal: toRefusal(err) });
        else {
          deps.log.error({ err }, 'comment batch failed');
          reply({ failure: (err as Error)?.message ?? String(err) });
        }
      },
    );
  };
  cluster.on('message', onMessage);
  return () => void cluster.off('message', onMessage);
}
