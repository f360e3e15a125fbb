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
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Deps, Stale } from '../server/deps.js';
import type { SiteSettings } from '../settings/definitions.js';
import { moderate, premoderate, PHASES, type Premoderated } from './moderation/index.js';
import type { CommentInput, DecidedStatus, ModerationContext, RequestFacts } from './moderation/context.js';
import { notifyAfterSubmit } from './notify.js';
import { commentWriter } from './writer.js';

export interface SubmittedComment {
  id: number;
  articleId: number;
  /** Where it was stored (after depth clamping). */
  parentId: number | null;
  status: DecidedStatus;
  decidedBy: string;
  reason: string;
}

/** Stores the user agent, trimmed to a sane length; the IP only as its keyed hash. */
const MAX_USER_AGENT = 500;

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

/** A submission on its way to the writer: the cleaned input, the request, the pure phases' outcomes. */
export interface Submission {
  input: CommentInput;
  request: RequestFacts;
  pre?: Premoderated;
}

/**
 * One comment, inside a transaction that already holds its commenter's lock (../lock.ts):
 * the moderation pipeline, the row, and the mail it causes. Throws what a refusing phase throws.
 */
export async function storeComment(
  deps: Deps,
  trx: Transaction<Database>,
  settings: SiteSettings,
  { input, request, pre }: Submission,
  stale: Stale,
  shared?: ModerationContext['shared'],
): Promise<SubmittedComment> {
  const now = deps.clock.now();
  const ctx: ModerationContext = { deps, trx, now, settings, input, request, parentId: null, shared };
  const verdict = await moderate(ctx, PHASES, pre);
  const { id } = await trx
    .insertInto('comments')
    .values({
      article_id: input.articleId,
      parent_id: ctx.parentId,
      author: input.author,
      email: input.email,
      url: input.url,
      body: input.body,
      status: verdict.status,
      created_at: now,
      ip_hash: request.ipHash,
      user_agent: request.userAgent.slice(0, MAX_USER_AGENT),
      decided_by: verdict.decidedBy,
      reason: verdict.reason,
      notify: input.notify ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (verdict.status === 'approved') stale(`article:${input.articleId}`, 'comments-feed');
  await notifyAfterSubmit(deps, trx, {
    id,
    article_id: input.articleId,
    parent_id: ctx.parentId,
    status: verdict.status,
    notify: input.notify,
    email: input.email,
    author: input.author,
  });
  return { id, articleId: input.articleId, parentId: ctx.parentId, status: verdict.status, decidedBy: verdict.decidedBy, reason: verdict.reason };
}
