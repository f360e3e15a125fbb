import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, GazetteError } from './errors.js';
import { ERRORS, ERROR_HEADER } from './error-catalogue.js';
import { ApiError } from '../api/errors.js';
import { CommentError } from '../comments/errors.js';
import { ArticleError } from '../newsroom/articles/errors.js';
import { MediaError } from '../media/errors.js';
import { ImportError } from '../importers/errors.js';

// dist/src/kernel → the repository's src/.
const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

describe('the error catalogue', () => {
  it('holds every GAZ_ERR_ code written anywhere in src/, each with an HTTP error status and a message', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      assert.match(code, /^GAZ_ERR_[A-Z_]+$/);
      assert.ok(spec.status >= 400 && spec.status < 600, `${code} ${spec.status}`);
      assert.ok(spec.message.length > 0);
    }
    const missing = new Set<string>();
    for (const file of sources(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bGAZ_ERR_[A-Z_]+\b/g)) {
        // A family prefix used in a type (`CodesOf<'GAZ_ERR_API_'>`) is not a code.
        if (!m[0].endsWith('_') && !Object.hasOwn(ERRORS, m[0])) missing.add(`${m[0]} (${file.slice(SRC.length)})`);
      }
    }
    assert.deepEqual([...missing], []);
  });

  it('is sent in one header only', () => {
    const other = sources(SRC).filter((f) => /x-error-code/i.test(readFileSync(f, 'utf8')));
    assert.deepEqual(other, []);
    assert.equal(ERROR_HEADER, 'x-gazette-error');
  });

  it('gives every feature’s error one shape: a GazetteError with code, statusCode (status) and message', () => {
    for (const err of [
      new ApiError('GAZ_ERR_API_NOT_FOUND'),
      new CommentError('GAZ_ERR_COMMENT_RATE_LIMITED', { retryAfter: 3 }),
      new ArticleError('GAZ_ERR_ARTICLE_FORBIDDEN'),
      new MediaError('GAZ_ERR_MEDIA_TYPE'),
      new ImportError('GAZ_ERR_IMPORT_MALFORMED', 'unclosed tag', 3, 4),
      new ConfigError('Invalid configuration: PORT must be a number'),
    ]) {
      assert.ok(err instanceof GazetteError);
      assert.ok(Object.hasOwn(ERRORS, err.code), err.code);
      assert.equal(err.status, err.statusCode);
      assert.ok(err.statusCode >= 400);
      assert.ok(err.message.length > 0);
    }
    const limited = new CommentError('GAZ_ERR_COMMENT_RATE_LIMITED', { retryAfter: 3 });
    assert.equal(limited.statusCode, 429);
    assert.match(limited.message, /\b3 seconds/);
  });
});
