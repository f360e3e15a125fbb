/**
 * `comments.hold_first_time`: a writer without an approved comment yet waits for a moderator. Once
 * one is approved, their next ones go straight up, when the browser proves it wrote that approved
 * comment (../commenter-proof.ts) under the same name and email. WordPress approves on the typed
 * name and email alone; anyone who knows a regular's (public) name and guesses their email could
 * then post as them unmoderated. A regular on a new browser waits once more.
 */
import type { Phase } from './context.js';

export const firstTime: Phase = {
  name: 'first-time',
  async run(ctx) {
    if (!ctx.settings['comments.hold_first_time']) return undefined;
    if (ctx.batch) {
      // Only a stored comment can be proved (a comment of the same batch has no proof yet).
      return ctx.batch.stored.known ? undefined : { status: 'pending', reason: 'first comment from this name and email' };
    }
    const known = await ctx.trx
      .selectFrom('comments')
      .select('id')
      .where('email', '=', ctx.input.email)
      .where('author', '=', ctx.input.author)
      .where('status', '=', 'approved')
      .where('id', '=', ctx.request.provenCommentId ?? -1)
      .limit(1)
      .executeTakeFirst();
    return known ? undefined : { status: 'pending', reason: 'first comment from this name and email' };
  },
};
