/**
 * Errors of the importers, exporters and backups, with stable codes. The CLI prints the message and
 * exits non-zero; tests assert the code (printed first), never the wording.
 */
import { GazetteError } from '../kernel/errors.js';

export type ImportErrorCode =
  /** The file is not well-formed XML (truncated, unclosed tag…): `line` and `column` say where. */
  | 'GAZ_ERR_IMPORT_MALFORMED'
  /** The file is XML but not a WordPress export of a version we read (1.0, 1.1, 1.2). */
  | 'GAZ_ERR_IMPORT_VERSION'
  /** `--default-author` names no author of the export and no account here. */
  | 'GAZ_ERR_IMPORT_AUTHOR'
  /** The file could not be read at all. */
  | 'GAZ_ERR_IMPORT_UNREADABLE'
  /** `restore` or `import json` into a site that already has content. */
  | 'GAZ_ERR_RESTORE_NOT_EMPTY'
  /** A backup or JSON export this version cannot read. */
  | 'GAZ_ERR_RESTORE_FORMAT';

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
