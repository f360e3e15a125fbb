/**
 * `comments.hold_first_time`: a writer without an approved comment yet waits for a moderator. Once
 * one is approved, their next ones go straight up, when the browser proves it wrote that approved
 * comment (../commenter-proof.ts) under the same name and email. WordPress approves on the typed
 * name and email alone; anyone who knows a regular's (public) name and guesses their email could
 * then post as them unmoderated. A regular on a new browser waits once more.
 */
import type { Phase } from './context.js';
import { prepared } from '../../db/prepared.js';

const provenApproved = prepared(3, (db, email: string, author: string, id: number) =>
  db.selectFrom('comments').select('id').where('email', '=', email).where('author', '=', author).where('status', '=', 'approved').where('id', '=', id).limit(1),
);

export const firstTime: Phase = {
  name: 'first-time',
  async run(ctx) {
    if (!ctx.settings['comments.hold_first_time']) return undefined;
    if (ctx.batch) {
      // Only a stored comment can be proved (a comment of the same batch has no proof yet).
      return ctx.batch.stored.known ? undefined : { status: 'pending', reason: 'first comment from this name and email' };
    }
    const [known] = await provenApproved(ctx.trx, ctx.input.email, ctx.input.author, ctx.request.provenCommentId ?? -1);
    return known ? undefined : { status: 'pending', reason: 'first comment from this name and email' };
  },
};
