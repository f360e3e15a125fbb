/**
 * Every way a comment can be refused, with a stable code, an HTTP status and a message for the
 * person. Tests and scripts rely on the codes; the messages may change.
 *
 * @example
 *   throw commentError('GAZ_ERR_COMMENT_RATE_LIMITED', { retryAfter: 12 });
 */

import { GazetteError } from '../kernel/errors.js';

/** The fields an error can sit beside; `form` is the form as a whole. */
export type CommentField = 'author' | 'email' | 'url' | 'comment' | 'form';

interface Entry {
  status: number;
  field: CommentField;
  message: string | ((p: { retryAfter?: number }) => string);
}

export const COMMENT_ERRORS = {
  GAZ_ERR_COMMENT_INVALID: { status: 422, field: 'form', message: 'Please correct the fields marked below.' },
  GAZ_ERR_COMMENT_AUTHOR_REQUIRED: { status: 422, field: 'author', message: 'Please enter your name.' },
  GAZ_ERR_COMMENT_AUTHOR_TOO_LONG: { status: 422, field: 'author', message: 'Your name is too long (245 characters at most).' },
  GAZ_ERR_COMMENT_EMAIL_REQUIRED: { status: 422, field: 'email', message: 'Please enter your email address.' },
  GAZ_ERR_COMMENT_EMAIL_INVALID: { status: 422, field: 'email', message: 'Please enter a valid email address.' },
  GAZ_ERR_COMMENT_EMAIL_TOO_LONG: { status: 422, field: 'email', message: 'Your email address is too long (100 characters at most).' },
  GAZ_ERR_COMMENT_URL_INVALID: { status: 422, field: 'url', message: 'Please enter a web address starting with http:// or https://.' },
  GAZ_ERR_COMMENT_URL_TOO_LONG: { status: 422, field: 'url', message: 'Your website address is too long (200 characters at most).' },
  GAZ_ERR_COMMENT_TEXT_REQUIRED: { status: 422, field: 'comment', message: 'Please type your comment.' },
  GAZ_ERR_COMMENT_TEXT_TOO_LONG: { status: 422, field: 'comment', message: 'Your comment is too long (65,525 characters at most).' },
  GAZ_ERR_COMMENT_PARENT_INVALID: {
    status: 422,
    field: 'form',
    message: 'The comment you are replying to is not available. Your reply can be posted as a new comment.',
  },
  GAZ_ERR_COMMENT_FORM_EXPIRED: { status: 422, field: 'form', message: 'This form was open for too long. Please check your comment and post it again.' },
  GAZ_ERR_COMMENT_DUPLICATE: { status: 409, field: 'form', message: 'Duplicate comment detected: it looks as though you have already said that.' },
  GAZ_ERR_COMMENT_CLOSED: { status: 403, field: 'form', message: 'Comments are closed on this article.' },
  GAZ_ERR_COMMENT_ARTICLE_NOT_FOUND: { status: 404, field: 'form', message: 'There is no article to comment on here.' },
  GAZ_ERR_COMMENT_RATE_LIMITED: {
    status: 429,
    field: 'form',
    message: ({ retryAfter }) => `You are commenting too fast; try again in ${retryAfter ?? 15} seconds.`,
  },
  GAZ_ERR_COMMENT_TOO_LARGE: { status: 413, field: 'form', message: 'Your comment is too large to post (64 KB at most).' },
  GAZ_ERR_COMMENT_UNAVAILABLE: {
    status: 503,
    field: 'form',
    message: 'Your comment could not be posted: the site cannot reach its database for a moment. Here it is, to send again in a few seconds.',
  },
  GAZ_ERR_COMMENT_NOT_FOUND: { status: 404, field: 'form', message: 'There is no such comment.' },
} satisfies Record<string, Entry>;

export type CommentErrorCode = keyof typeof COMMENT_ERRORS;

/** A refused comment: nothing was stored. `fields` holds one error per field for the form. */
export class CommentError extends GazetteError<CommentErrorCode> {
  readonly retryAfter?: number;
  readonly fields: Partial<Record<CommentField, { code: CommentErrorCode; message: string }>>;

  constructor(code: CommentErrorCode, opts: { retryAfter?: number; fields?: CommentError['fields'] } = {}) {
    const entry: Entry = COMMENT_ERRORS[code];
    const message = typeof entry.message === 'function' ? entry.message(opts) : entry.message;
    super(code, entry.status, message);
    this.retryAfter = opts.retryAfter;
    this.fields = opts.fields ?? { [entry.field]: { code, message } };
  }

  /** `{ field: message }`, as the form and the JSON variant show them. */
  messages(): Partial<Record<CommentField, string>> {
    const out: Partial<Record<CommentField, string>> = {};
    for (const [field, e] of Object.entries(this.fields)) out[field as CommentField] = e.message;
    return out;
  }

  /** `{ field: code }`, so scripts can tell errors apart without reading messages. */
  codes(): Partial<Record<CommentField, CommentErrorCode>> {
    const out: Partial<Record<CommentField, CommentErrorCode>> = {};
    for (const [field, e] of Object.entries(this.fields)) out[field as CommentField] = e.code;
    return out;
  }
}

/** Shorthand for `new CommentError(code, opts)`. */
export function commentError(code: CommentErrorCode, opts?: ConstructorParameters<typeof CommentError>[1]): CommentError {
  return new CommentError(code, opts);
}

/** Several field errors at once (422): each beside its field. */
export function fieldErrors(codes: CommentErrorCode[]): CommentError {
  const fields: CommentError['fields'] = {};
  for (const code of codes) {
    const entry: Entry = COMMENT_ERRORS[code];
    fields[entry.field] ??= { code, message: typeof entry.message === 'function' ? entry.message({}) : entry.message };
  }
  return new CommentError(codes.length === 1 ? codes[0] : 'GAZ_ERR_COMMENT_INVALID', { fields });
}
