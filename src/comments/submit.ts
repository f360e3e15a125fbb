/**
 * Posting a comment: moderation and storage inside a write transaction, so the checks that read the
 * comments table (duplicate, flood, first-time) see exactly what is committed when the comment is.
 *
 * Submissions are group-committed (./batch.ts): the comments that arrive while one transaction is
 * being written share the next one, each under its own savepoint, and each is acknowledged only once
 * that transaction has committed. With SQLite and several workers, every worker hands its
 * submissions to one writer in the cluster primary (./writer.ts), so workers never fight over
 * SQLite's single write lock.
 */
import type { Deps } from '../runtime/deps.js';
import { premoderate } from './moderation/index.js';
import type { CommentInput, RequestFacts } from './moderation/context.js';
import type { SubmittedComment } from './store.js';
import { commentWriter } from './writer.js';

/**
 * Moderates and stores a comment. Throws a CommentError (nothing stored) when a phase refuses it.
 * Resolves only after the comment is durably committed and the pages it changes are stale in
 * every process. An approved comment makes its article's pages and the comment feeds stale; a held
 * or spam one changes nothing anyone else can see.
 */
export async function submitComment(deps: Deps, input: CommentInput, request: RequestFacts): Promise<SubmittedComment> {
  const settings = await deps.settings.all();
  const pre = await premoderate({ deps, now: deps.clock.now(), settings, input, request, parentId: null });
  return commentWriter(deps).submit({ input, request, pre });
}
