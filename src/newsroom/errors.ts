/**
 * The newsroom's errors: a stable code for the calling code and tests, a status, and a sentence
 * for the person. The code is sent in the `x-gazette-error` header and on the page.
 */
import type { ErrorSpec } from '../kernel/errors.js';

export const NEWSROOM_ERRORS = {
  GAZ_ERR_FORBIDDEN: { status: 403, message: 'Your account does not have permission to do that.' },
  GAZ_ERR_CSRF: { status: 403, message: 'This form has expired or did not come from the newsroom. Go back, reload the page and try again.' },
  GAZ_ERR_NOT_FOUND: { status: 404, message: 'There is nothing here. It may have been deleted.' },
  GAZ_ERR_LOGIN_FAILED: { status: 401, message: 'That email and password do not match an account.' },
  GAZ_ERR_LOGIN_THROTTLED: { status: 429, message: 'Too many failed sign-ins. Wait a while before trying again.' },
  GAZ_ERR_TOKEN_INVALID: { status: 400, message: 'This link is invalid, already used or expired. Ask for a new one.' },
  GAZ_ERR_VALIDATION: { status: 422, message: 'Some fields need attention.' },
} as const satisfies Record<string, ErrorSpec>;

export type NewsroomErrorCode = keyof typeof NEWSROOM_ERRORS;
