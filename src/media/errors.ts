/**
 * Why an upload was refused. Each refusal has a stable code (for tests and API callers), an HTTP
 * status, and a sentence for the person who chose the file.
 */
import { GazetteError, type ErrorSpec } from '../kernel/errors.js';

export const MEDIA_ERRORS = {
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
} as const satisfies Record<string, ErrorSpec>;

export type MediaErrorCode = keyof typeof MEDIA_ERRORS;

/** A refused upload or media operation, carrying its code and HTTP status. */
export class MediaError extends GazetteError<MediaErrorCode> {
  constructor(code: MediaErrorCode, detail?: string) {
    super(code, MEDIA_ERRORS[code].status, MEDIA_ERRORS[code].message + (detail ? ` (${detail})` : ''));
  }
}
