/**
 * The signed form token (../form-token.ts): a post without one, or with a forged one, did not
 * come from our form; one sent sooner than `comments.min_form_seconds` after the form was shown
 * may not have been typed by a person. Both are held for a moderator, never marked as spam: real
 * people paste, and password managers fill a form in a second. The writer sees their comment as
 * awaiting moderation (DESIGN.md: "a token or timing rule tripped: held for moderation and the
 * writer told so"). A token older than a day is refused with a fresh form, because a person may
 * have left the tab open overnight.
 */
import { checkFormToken } from '../form-token.js';
import { commentError } from '../errors.js';
import type { Phase } from './context.js';

export const formTiming: Phase = {
  name: 'form-token',
  pure: true,
  run(ctx) {
    const check = checkFormToken(ctx.deps.secret, ctx.input.articleId, ctx.input.token, ctx.now);
    if (!check.ok) {
      if (check.why === 'expired') throw commentError('GAZ_ERR_COMMENT_FORM_EXPIRED');
      return { status: 'pending', reason: check.why === 'missing' ? 'posted without the form token' : 'the form token is not ours', holdUnlessWorse: true };
    }
    const least = ctx.settings['comments.min_form_seconds'] * 1000;
    if (check.age < least) return { status: 'pending', reason: `posted ${check.age} ms after the form was shown`, holdUnlessWorse: true };
    return undefined;
  },
};
