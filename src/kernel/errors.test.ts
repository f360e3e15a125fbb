import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GazetteError } from './errors.js';
import { API_ERRORS, ApiError } from '../api/errors.js';
import { COMMENT_ERRORS, CommentError } from '../comments/errors.js';
import { NEWSROOM_ERRORS } from '../newsroom/errors.js';
import { ARTICLE_ERRORS, ArticleError } from '../newsroom/articles/errors.js';
import { MEDIA_ERRORS, MediaError } from '../media/errors.js';

describe('error catalogues', () => {
  it('give every code to one catalogue only, each a GAZ_ERR_ name with an HTTP error status', () => {
    const seen = new Map<string, string>();
    for (const [name, cat] of Object.entries({ API_ERRORS, COMMENT_ERRORS, NEWSROOM_ERRORS, ARTICLE_ERRORS, MEDIA_ERRORS })) {
      for (const [code, spec] of Object.entries(cat as Record<string, { status: number }>)) {
        assert.match(code, /^GAZ_ERR_[A-Z_]+$/);
        assert.ok(spec.status >= 400 && spec.status < 600, `${code} ${spec.status}`);
        assert.ok(!seen.has(code), `${code} is in ${seen.get(code)} and ${name}`);
        seen.set(code, name);
      }
    }
  });

  it('share one shape: code, statusCode (status) and message', () => {
    for (const err of [
      new ApiError('GAZ_ERR_API_NOT_FOUND'),
      new CommentError('GAZ_ERR_COMMENT_RATE_LIMITED', { retryAfter: 3 }),
      new ArticleError('GAZ_ERR_ARTICLE_FORBIDDEN'),
      new MediaError('GAZ_ERR_MEDIA_TYPE'),
    ]) {
      assert.ok(err instanceof GazetteError);
      assert.equal(err.status, err.statusCode);
      assert.ok(err.statusCode >= 400);
      assert.ok(err.message.length > 0);
    }
    assert.equal(new CommentError('GAZ_ERR_COMMENT_RATE_LIMITED', { retryAfter: 3 }).statusCode, 429);
  });
});
