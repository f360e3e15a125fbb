/** `comments.disallowed_words`: a comment containing one of them is spam. */
import { findListed } from './word-lists.js';
import type { Phase } from './context.js';

export const disallowedWords: Phase = {
  name: 'disallowed-words',
  pure: true,
  run(ctx) {
    const hit = findListed(ctx, ctx.settings['comments.disallowed_words']);
    return hit ? { status: 'spam', reason: `the ${hit.field} contains the disallowed entry "${hit.entry}"` } : undefined;
  },
};
