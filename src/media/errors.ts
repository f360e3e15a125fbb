/**
 * Why an upload or a media operation was refused: a code of the one catalogue
 * (../kernel/error-catalogue.ts), its HTTP status and a sentence for the person who chose the file.
 */
import { GazetteError } from '../kernel/errors.js';
import { ERRORS, type CodesOf } from '../kernel/error-catalogue.js';

export type MediaErrorCode = CodesOf<'GAZ_ERR_MEDIA_'>;

/** A refused upload or media operation, carrying its code and HTTP status. */
export class MediaError extends GazetteError<MediaErrorCode> {
  constructor(code: MediaErrorCode, detail?: string) {
    super(code, ERRORS[code].status, ERRORS[code].message + (detail ? ` (${detail})` : ''));
  }
}
