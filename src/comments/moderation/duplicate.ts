/**
 * The same words from the same person on the same article, again: usually a double click or a
 * retried request. Refused (409) with a clear message; the first one stands.
 */
import { commentError } from '../errors.js';
import type { Phase } from './context.js';

export const duplicate: Phase = {
  name: 'duplicate',
  async run(ctx) {
    const { input } = ctx;
    if (ctx.batch) {
      const { stored, earlier } = ctx.batch;
      const again = earlier.some((e) => e.articleId === input.articleId && e.email === input.email && e.author === input.author && e.body === input.body);
      if (stored.duplicate || again) throw commentError('GAZ_ERR_COMMENT_DUPLICATE');
      return undefined;
    }
    const same = await ctx.trx
      .selectFrom('comments')
      .select('id')
      .where('article_id', '=', input.articleId)
      .where('email', '=', input.email)
      .where('author', '=', input.author)
      .where('body', '=', input.body)
      .where('status', '!=', 'trash')
      .limit(1)
      .executeTakeFirst();
    if (same) throw commentError('GAZ_ERR_COMMENT_DUPLICATE');
    return undefined;
  },
};
