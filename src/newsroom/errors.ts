/**
 * The newsroom's error pages take their code, status and sentence from the one catalogue
 * (../kernel/error-catalogue.ts); the code is sent in the `x-gazette-error` header and on the page.
 */
import type { ErrorCode } from '../kernel/error-catalogue.js';

export { ERRORS as NEWSROOM_ERRORS } from '../kernel/error-catalogue.js';

/** Codes a newsroom page may answer with. */
export type NewsroomErrorCode = ErrorCode;
