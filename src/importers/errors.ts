/**
 * Errors of the importers, exporters and backups, with stable codes. The CLI prints the message and
 * exits non-zero; tests assert the code (printed first), never the wording.
 */
import { GazetteError } from '../kernel/errors.js';
import type { CodesOf } from '../kernel/error-catalogue.js';

/**
 * The catalogue's import codes (../kernel/error-catalogue.ts): MALFORMED (not well-formed XML;
 * `line` and `column` say where), VERSION (not a WordPress export we read), AUTHOR (`--default-author` names no author of
 * the export and no account here), UNREADABLE, and
 * RESTORE_NOT_EMPTY / RESTORE_FORMAT for backups and JSON exports.
 */
export type ImportErrorCode = CodesOf<'GAZ_ERR_IMPORT_'> | CodesOf<'GAZ_ERR_RESTORE_'>;

/** An import, export or restore that stopped; nothing it began was committed. */
export class ImportError extends GazetteError<ImportErrorCode> {
  constructor(
    code: ImportErrorCode,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    // A CLI error first: the message leads with the code; 422 if one ever reaches HTTP.
    super(code, 422, line !== undefined ? `${code}: line ${line}, column ${column}: ${message}` : `${code}: ${message}`);
  }
}
