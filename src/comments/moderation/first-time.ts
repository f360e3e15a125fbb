/**
 * `comments.hold_first_time`: a writer (same name and email) without an approved comment yet
 * waits for a moderator. Once one comment is approved, the next ones from them go straight up.
 */
import type { Phase } from './context.js';

export const firstTime: Phase = {
  name: 'first-time',
  async run(ctx) {
    if (!ctx.settings['comments.hold_first_time']) return undefined;
    if (ctx.batch) {
      const { stored, earlier } = ctx.batch;
      const known = stored.known || earlier.some((e) => e.status === 'approved' && e.email === ctx.input.email && e.author === ctx.input.author);
      return known ? undefined : { status: 'pending', reason: 'first comment from this name and email' };
    }
    const known = await ctx.trx
      .selectFrom('comments')
      .select('id')
      .where('email', '=', ctx.input.email)
      .where('author', '=', ctx.input.author)
      .where('status', '=', 'approved')
      .limit(1)
      .executeTakeFirst();
    return known ? undefined : { status: 'pending', reason: 'first comment from this name and email' };
  },
};
