/**
 * The API's errors: a stable code for the calling program, a status for HTTP, a message for the
 * person reading it (from the one catalogue, ../kernel/error-catalogue.ts). Clients branch on
 * `code`; messages may be reworded.
 */
import { GazetteError } from '../kernel/errors.js';
import { ERRORS, type CodesOf } from '../kernel/error-catalogue.js';

export type ApiErrorCode = CodesOf<'GAZ_ERR_API_'>;

/** The API's codes, for its OpenAPI document. */
export const API_ERROR_CODES = (Object.keys(ERRORS) as (keyof typeof ERRORS)[]).filter((c): c is ApiErrorCode => c.startsWith('GAZ_ERR_API_'));

/** An API failure, answered as `{ "error": { "code", "message" } }` with its status. */
export class ApiError extends GazetteError<ApiErrorCode> {
  constructor(code: ApiErrorCode, message: string = ERRORS[code].message) {
    super(code, ERRORS[code].status, message);
  }

  toJSON(): { error: { code: ApiErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
