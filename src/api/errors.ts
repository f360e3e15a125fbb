/**
 * The API's errors: a stable code for the calling program, a status for HTTP, a message for the
 * person reading it. Clients branch on `code`; messages may be reworded.
 */
import { GazetteError, type ErrorSpec } from '../kernel/errors.js';

export const API_ERRORS = {
  GAZ_ERR_API_NOT_FOUND: { status: 404, message: 'Nothing here: no such resource.' },
  GAZ_ERR_API_INVALID_QUERY: { status: 400, message: 'A query parameter is not valid.' },
  GAZ_ERR_API_INVALID_CURSOR: { status: 400, message: 'The cursor is not one this API gave out.' },
} as const satisfies Record<string, ErrorSpec>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** An API failure, answered as `{ "error": { "code", "message" } }` with its status. */
export class ApiError extends GazetteError<ApiErrorCode> {
  constructor(code: ApiErrorCode, message: string = API_ERRORS[code].message) {
    super(code, API_ERRORS[code].status, message);
  }

  toJSON(): { error: { code: ApiErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
