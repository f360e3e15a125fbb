/**
 * Every way a comment can be refused: the GAZ_ERR_COMMENT_ codes of the one catalogue
 * (../kernel/error-catalogue.ts), each beside the form field it concerns. Tests and scripts rely on
 * the codes; the messages may change.
 *
 * @example
 *   throw commentError('GAZ_ERR_COMMENT_RATE_LIMITED', { retryAfter: 12 });
 */

import { GazetteError } from '../kernel/errors.js';
import type { FieldErrors } from '../kernel/input.js';
import { ERRORS, errorMessage, type CodesOf } from '../kernel/error-catalogue.js';

/** The fields an error can sit beside; `form` is the form as a whole. */
export type CommentField = 'author' | 'email' | 'url' | 'comment' | 'form';

/** The field each comment code sits beside (the form as a whole unless listed). */
const FIELD_OF: Partial<Record<CommentErrorCode, CommentField>> = {
  GAZ_ERR_COMMENT_AUTHOR_REQUIRED: 'author',
  GAZ_ERR_COMMENT_AUTHOR_TOO_LONG: 'author',
  GAZ_ERR_COMMENT_EMAIL_REQUIRED: 'email',
  GAZ_ERR_COMMENT_EMAIL_INVALID: 'email',
  GAZ_ERR_COMMENT_EMAIL_TOO_LONG: 'email',
  GAZ_ERR_COMMENT_URL_INVALID: 'url',
  GAZ_ERR_COMMENT_URL_TOO_LONG: 'url',
  GAZ_ERR_COMMENT_TEXT_REQUIRED: 'comment',
  GAZ_ERR_COMMENT_TEXT_TOO_LONG: 'comment',
};
const fieldOf = (code: CommentErrorCode): CommentField => FIELD_OF[code] ?? 'form';

export type CommentErrorCode = CodesOf<'GAZ_ERR_COMMENT_'>;

/** A refused comment: nothing was stored. `fields` holds one error per field for the form. */
export class CommentError extends GazetteError<CommentErrorCode> {
  readonly retryAfter?: number;
  readonly fields: Partial<Record<CommentField, { code: CommentErrorCode; message: string }>>;

  constructor(code: CommentErrorCode, opts: { retryAfter?: number; fields?: CommentError['fields'] } = {}) {
    const message = errorMessage(code, { retryAfter: opts.retryAfter });
    super(code, ERRORS[code].status, message);
    this.retryAfter = opts.retryAfter;
    this.fields = opts.fields ?? { [fieldOf(code)]: { code, message } };
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
    fields[fieldOf(code)] ??= { code, message: errorMessage(code) };
  }
  return new CommentError(codes.length === 1 ? codes[0] : 'GAZ_ERR_COMMENT_INVALID', { fields });
}

/** A form its schema refused (422): each error beside its field, those of hidden fields on the form as a whole. */
export function schemaErrors(errors: FieldErrors): CommentError {
  const fields: CommentError['fields'] = {};
  for (const [name, message] of Object.entries(errors)) {
    const field: CommentField = name === 'author' || name === 'email' || name === 'url' || name === 'comment' ? name : 'form';
    fields[field] ??= { code: 'GAZ_ERR_COMMENT_INVALID', message: field === 'form' ? `${name}: ${message}` : message };
  }
  return new CommentError('GAZ_ERR_COMMENT_INVALID', { fields });
}
