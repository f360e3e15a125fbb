/**
 * One comment stored: the moderation pipeline inside the writer's transaction, the row, and the
 * mail it causes. The writer (./writer.ts, ./batch.ts) calls this for each submission it takes.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Deps, Stale } from '../runtime/deps.js';
import { commentTags } from '../runtime/page-cache.js';
import type { SiteSettings } from '../settings/definitions.js';
import { moderate, PHASES, type Premoderated } from './moderation/index.js';
import type { CommentInput, DecidedStatus, ModerationContext, RequestFacts } from './moderation/context.js';
import { notifyAfterSubmit } from './notify.js';

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
  // A reader's comment: the story's pages and the feeds follow within a second, the cards counting it
  // within a few (runtime/page-cache.ts); the writer sees it at once.
  if (verdict.status === 'approved') stale(...commentTags(input.articleId));
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
