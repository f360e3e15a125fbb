/**
 * A refused comment as plain data, to cross a process boundary (cluster IPC, ./writer.ts) and be
 * thrown again on the other side as the same {@link CommentError}.
 */
import { CommentError, type CommentErrorCode } from './errors.js';

export interface Refusal {
  code: CommentErrorCode;
  retryAfter?: number;
  fields: CommentError['fields'];
}

export function toRefusal(err: CommentError): Refusal {
  return { code: err.code, retryAfter: err.retryAfter, fields: err.fields };
}

export function fromRefusal(r: Refusal): CommentError {
  return new CommentError(r.code, { retryAfter: r.retryAfter, fields: r.fields });
}
