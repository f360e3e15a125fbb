/**
 * The fields, with WordPress's limits: name ≤ 245 characters, a valid email ≤ 100, a website
 * that is http(s) only and ≤ 200, a comment ≤ 65,525. Every field's error is reported at once,
 * so the reader fixes the form in one go.
 */
import { fieldErrors, type CommentErrorCode } from '../errors.js';
import type { Phase } from './context.js';

export const LIMITS = { author: 245, email: 100, url: 200, comment: 65_525 } as const;

// Loose on purpose (addresses are checked by mail, not by regex) but no spaces, quotes or brackets.
const EMAIL = /^[^\s@<>"',;:()[\]\\]+@[^\s@<>"',;:()[\]\\.]+(\.[^\s@<>"',;:()[\]\\.]+)+$/u;

/** Characters as a reader counts them (code points, not UTF-16 units). */
const chars = (s: string) => [...s].length;

/** An absolute http(s) address with a host, as the URL parser reads it. */
function isWebAddress(url: string): boolean {
  if (!/^https?:\/\/[^/?#\s]/i.test(url)) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

/** Field error codes for the submission's name, email, website and text. */
export function checkFields(input: { author: string; email: string; url: string; body: string }): CommentErrorCode[] {
  const errors: CommentErrorCode[] = [];
  if (!input.author) errors.push('GAZ_ERR_COMMENT_AUTHOR_REQUIRED');
  else if (chars(input.author) > LIMITS.author) errors.push('GAZ_ERR_COMMENT_AUTHOR_TOO_LONG');
  if (!input.email) errors.push('GAZ_ERR_COMMENT_EMAIL_REQUIRED');
  else if (chars(input.email) > LIMITS.email) errors.push('GAZ_ERR_COMMENT_EMAIL_TOO_LONG');
  else if (!EMAIL.test(input.email)) errors.push('GAZ_ERR_COMMENT_EMAIL_INVALID');
  if (input.url) {
    if (chars(input.url) > LIMITS.url) errors.push('GAZ_ERR_COMMENT_URL_TOO_LONG');
    else if (!isWebAddress(input.url)) errors.push('GAZ_ERR_COMMENT_URL_INVALID');
  }
  if (!input.body) errors.push('GAZ_ERR_COMMENT_TEXT_REQUIRED');
  else if (chars(input.body) > LIMITS.comment) errors.push('GAZ_ERR_COMMENT_TEXT_TOO_LONG');
  return errors;
}

export const length: Phase = {
  name: 'length',
  pure: true,
  run(ctx) {
    const errors = checkFields(ctx.input);
    if (errors.length) throw fieldErrors(errors);
    return undefined;
  },
};
