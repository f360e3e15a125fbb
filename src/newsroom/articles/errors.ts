/**
 * Why the editor refused a change: a code of the one catalogue (../../kernel/error-catalogue.ts),
 * with field messages when the form was at fault.
 */
import { GazetteError } from '../../kernel/errors.js';
import { ERRORS, type CodesOf } from '../../kernel/error-catalogue.js';

export type ArticleErrorCode = CodesOf<'GAZ_ERR_ARTICLE_'> | 'GAZ_ERR_PREVIEW_LINK';

/** A refused editor action, with field messages when the form was at fault. */
export class ArticleError extends GazetteError<ArticleErrorCode> {
  constructor(
    code: ArticleErrorCode,
    readonly fields: Record<string, string> = {},
  ) {
    super(code, ERRORS[code].status, ERRORS[code].message);
  }
}
