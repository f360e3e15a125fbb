/**
 * Why the editor refused a change: a stable code, an HTTP status and a sentence for the writer.
 */
import { GazetteError, type ErrorSpec } from '../../kernel/errors.js';

export const ARTICLE_ERRORS = {
  GAZ_ERR_ARTICLE_NOT_FOUND: { status: 404, message: 'No such article.' },
  GAZ_ERR_ARTICLE_FORBIDDEN: { status: 403, message: 'Your role does not allow you to change this article.' },
  GAZ_ERR_ARTICLE_STATUS_FORBIDDEN: { status: 403, message: 'Your role does not allow that status. Submit the article for review instead.' },
  GAZ_ERR_ARTICLE_INVALID: { status: 422, message: 'Some fields need attention.' },
  GAZ_ERR_ARTICLE_ALT_REQUIRED: { status: 422, message: 'The featured image needs alt text before the article can be published.' },
  GAZ_ERR_ARTICLE_IMAGE_ALT_REQUIRED: { status: 422, message: 'Every image in the story needs alt text before it can be published.' },
  GAZ_ERR_ARTICLE_CORRECTION_UNPUBLISHED: {
    status: 422,
    message: 'A correction is for a story readers have seen; change the text of an unpublished one instead.',
  },
  GAZ_ERR_PREVIEW_LINK: { status: 404, message: 'This preview link is not valid or has expired.' },
} as const satisfies Record<string, ErrorSpec>;

export type ArticleErrorCode = keyof typeof ARTICLE_ERRORS;

/** A refused editor action, with field messages when the form was at fault. */
export class ArticleError extends GazetteError<ArticleErrorCode> {
  constructor(
    code: ArticleErrorCode,
    readonly fields: Record<string, string> = {},
  ) {
    super(code, ARTICLE_ERRORS[code].status, ARTICLE_ERRORS[code].message);
  }
}
