/**
 * Every error Gazette answers with on purpose, in one catalogue: a stable code for calling code and
 * tests, the HTTP status, and a sentence for the person (Fastify's `lib/errors.js` is the model).
 * Features raise these codes through their own small classes (ApiError, CommentError, ArticleError,
 * MediaError, ImportError, ConfigError…), all {@link GazetteError}s; the code travels in the one
 * header {@link ERROR_HEADER} and in JSON bodies. `errors.test.ts` checks that every `GAZ_ERR_` code
 * written anywhere in src/ is here.
 *
 * A message with `{retryAfter}` is completed when raised.
 */
import type { ErrorSpec } from './errors.js';

/** The one response header that carries an error's code. */
export const ERROR_HEADER = 'x-gazette-error';

export const ERRORS = {
  // Any route: what the shared error handler (server/app.ts) answers for input it cannot take.
  GAZ_ERR_INVALID_INPUT: { status: 400, message: 'The request is not one this address takes: a value is missing, too long or of the wrong kind.' },
  GAZ_ERR_BODY_TOO_LARGE: { status: 413, message: 'The request is too large.' },
  GAZ_ERR_UNSUPPORTED_TYPE: { status: 415, message: 'The request body is of a type this address does not read.' },
  GAZ_ERR_NOT_ALLOWED: { status: 405, message: 'This address does not take that method.' },
  GAZ_ERR_INTERNAL: { status: 500, message: 'Something went wrong on our side. Please try again.' },
  GAZ_ERR_DATABASE_UNAVAILABLE: { status: 503, message: 'The site cannot reach its database for a moment. Please try again in a few seconds.' },
  GAZ_ERR_CONFIG: { status: 500, message: 'The configuration is not valid.' },
  GAZ_ERR_METRICS_UNAUTHORIZED: { status: 401, message: 'Metrics need the token configured as METRICS_TOKEN.' },

  // The JSON API.
  GAZ_ERR_API_NOT_FOUND: { status: 404, message: 'Nothing here: no such resource.' },
  GAZ_ERR_API_INVALID_QUERY: { status: 400, message: 'A query parameter is not valid.' },
  GAZ_ERR_API_INVALID_CURSOR: { status: 400, message: 'The cursor is not one this API gave out.' },

  // Posting a comment.
  GAZ_ERR_COMMENT_INVALID: { status: 422, message: 'Please correct the fields marked below.' },
  GAZ_ERR_COMMENT_AUTHOR_REQUIRED: { status: 422, message: 'Please enter your name.' },
  GAZ_ERR_COMMENT_AUTHOR_TOO_LONG: { status: 422, message: 'Your name is too long (245 characters at most).' },
  GAZ_ERR_COMMENT_EMAIL_REQUIRED: { status: 422, message: 'Please enter your email address.' },
  GAZ_ERR_COMMENT_EMAIL_INVALID: { status: 422, message: 'Please enter a valid email address.' },
  GAZ_ERR_COMMENT_EMAIL_TOO_LONG: { status: 422, message: 'Your email address is too long (100 characters at most).' },
  GAZ_ERR_COMMENT_URL_INVALID: { status: 422, message: 'Please enter a web address starting with http:// or https://.' },
  GAZ_ERR_COMMENT_URL_TOO_LONG: { status: 422, message: 'Your website address is too long (200 characters at most).' },
  GAZ_ERR_COMMENT_TEXT_REQUIRED: { status: 422, message: 'Please type your comment.' },
  GAZ_ERR_COMMENT_TEXT_TOO_LONG: { status: 422, message: 'Your comment is too long (65,525 characters at most).' },
  GAZ_ERR_COMMENT_PARENT_INVALID: { status: 422, message: 'The comment you are replying to is not available. Your reply can be posted as a new comment.' },
  GAZ_ERR_COMMENT_FORM_EXPIRED: { status: 422, message: 'This form was open for too long. Please check your comment and post it again.' },
  GAZ_ERR_COMMENT_DUPLICATE: { status: 409, message: 'Duplicate comment detected: it looks as though you have already said that.' },
  GAZ_ERR_COMMENT_CLOSED: { status: 403, message: 'Comments are closed on this article.' },
  GAZ_ERR_COMMENT_ARTICLE_NOT_FOUND: { status: 404, message: 'There is no article to comment on here.' },
  GAZ_ERR_COMMENT_RATE_LIMITED: { status: 429, message: 'You are commenting too fast; try again in {retryAfter} seconds.' },
  GAZ_ERR_COMMENT_TOO_LARGE: { status: 413, message: 'Your comment is too large to post (64 KB at most).' },
  GAZ_ERR_COMMENT_UNAVAILABLE: {
    status: 503,
    message: 'Your comment could not be posted: the site cannot reach its database for a moment. Here it is, to send again in a few seconds.',
  },
  GAZ_ERR_COMMENT_NOT_FOUND: { status: 404, message: 'There is no such comment.' },

  // Links in mail (moderation, reply notifications).
  GAZ_ERR_LINK_INVALID: {
    status: 403,
    message: 'This link is not valid: it was changed or is incomplete. Use the link from the mail as it is, or moderate in the newsroom.',
  },
  GAZ_ERR_LINK_EXPIRED: { status: 403, message: 'This link has expired: moderation links work for 7 days. Moderate this comment in the newsroom instead.' },
  GAZ_ERR_LINK_REVOKED: {
    status: 403,
    message: 'This link no longer works: it was mailed to an account that is no longer a moderator here. Sign in to the newsroom to moderate.',
  },
  GAZ_ERR_LINK_STALE: {
    status: 409,
    message: 'This comment was already decided after the mail was sent; the link was for the comment as it was then. Nothing was changed.',
  },
  GAZ_ERR_SUBSCRIPTION_UNKNOWN: { status: 404, message: 'This link is no longer valid. It may have been replaced by a newer mail. Nothing was changed.' },

  // The newsroom.
  GAZ_ERR_FORBIDDEN: { status: 403, message: 'Your account does not have permission to do that.' },
  GAZ_ERR_CSRF: { status: 403, message: 'This form has expired or did not come from the newsroom. Go back, reload the page and try again.' },
  GAZ_ERR_NOT_FOUND: { status: 404, message: 'There is nothing here. It may have been deleted.' },
  GAZ_ERR_LOGIN_FAILED: { status: 401, message: 'That email and password do not match an account.' },
  GAZ_ERR_LOGIN_THROTTLED: { status: 429, message: 'Too many failed sign-ins. Wait a while before trying again.' },
  GAZ_ERR_TOKEN_INVALID: { status: 400, message: 'This link is invalid, already used or expired. Ask for a new one.' },
  GAZ_ERR_VALIDATION: { status: 422, message: 'Some fields need attention.' },
  GAZ_ERR_ARTICLE_NOT_FOUND: { status: 404, message: 'No such article.' },
  GAZ_ERR_ARTICLE_FORBIDDEN: { status: 403, message: 'Your role does not allow you to change this article.' },
  GAZ_ERR_ARTICLE_STATUS_FORBIDDEN: { status: 403, message: 'Your role does not allow that status. Submit the article for review instead.' },
  GAZ_ERR_ARTICLE_INVALID: { status: 422, message: 'Some fields need attention.' },
  GAZ_ERR_ARTICLE_ALT_REQUIRED: { status: 422, message: 'The featured image needs alt text before the article can be published.' },
  GAZ_ERR_ARTICLE_IMAGE_ALT_REQUIRED: { status: 422, message: 'Every image in the story needs alt text before it can be published.' },
  GAZ_ERR_ARTICLE_CORRECTION_UNPUBLISHED: {
    status: 422,
    message: 'A correction is for a story readers have seen; change the text of an unpublished one instead.',
  },
  GAZ_ERR_PREVIEW_LINK: { status: 404, message: 'This preview link is not valid or has expired.' },

  // The media library.
  GAZ_ERR_MEDIA_MISSING: { status: 400, message: 'Choose an image file to upload.' },
  GAZ_ERR_MEDIA_TOO_LARGE: { status: 413, message: 'That file is larger than 20 MB. Export a smaller image and try again.' },
  GAZ_ERR_MEDIA_TYPE: {
    status: 415,
    message: 'Only JPEG, PNG, WebP, GIF and AVIF images can be uploaded. That file is not one of them, whatever its name says.',
  },
  GAZ_ERR_MEDIA_UNREADABLE: { status: 422, message: 'That image could not be read; it may be damaged or truncated.' },
  GAZ_ERR_MEDIA_DIMENSIONS: { status: 422, message: 'That image is too large in pixels (more than 100 megapixels or 20,000 px on a side).' },
  GAZ_ERR_MEDIA_IN_USE: {
    status: 409,
    message: 'This image is used by an article or an author profile. Remove it there first, or confirm to delete it anyway.',
  },
  GAZ_ERR_MEDIA_NOT_FOUND: { status: 404, message: 'No such image.' },

  // Imports, exports and backups (CLI first: 422 if one ever reaches HTTP).
  GAZ_ERR_IMPORT_MALFORMED: { status: 422, message: 'The file is not well-formed XML.' },
  GAZ_ERR_IMPORT_VERSION: { status: 422, message: 'The file is not a WordPress export of a version this reads (1.0, 1.1, 1.2).' },
  GAZ_ERR_IMPORT_AUTHOR: { status: 422, message: '--default-author names no author of the export and no account here.' },
  GAZ_ERR_IMPORT_UNREADABLE: { status: 422, message: 'The file could not be read.' },
  GAZ_ERR_RESTORE_NOT_EMPTY: { status: 422, message: 'The site already has content: restore and import json need an empty one.' },
  GAZ_ERR_RESTORE_FORMAT: { status: 422, message: 'This backup or export is of a format this version cannot read.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** Codes of one family, e.g. `CodesOf<'GAZ_ERR_API_'>`. */
export type CodesOf<Prefix extends string> = Extract<ErrorCode, `${Prefix}${string}`>;

/** True for a string that is a code of the catalogue. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/** The catalogue's message for `code`, with `{retryAfter}` (and the like) filled in. */
export function errorMessage(code: ErrorCode, params: Record<string, string | number | undefined> = {}): string {
  return ERRORS[code].message.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? (k === 'retryAfter' ? 15 : '')));
}
