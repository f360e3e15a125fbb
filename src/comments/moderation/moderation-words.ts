/** `comments.moderation_words`: a comment containing one of them waits for a moderator. */
import { findListed } from './word-lists.js';
import type { Phase } from './context.js';

export const moderationWords: Phase = {
  name: 'moderation-words',
  pure: true,
  run(ctx) {
    const hit = findListed(ctx, ctx.settings['comments.moderation_words']);
    return hit ? { status: 'pending', reason: `the ${hit.field} contains the moderation entry "${hit.entry}"` } : undefined;
  },
};
