import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyedHashWith } from '../../kernel/keyed-hash.js';
import { ImportError } from '../errors.js';
import { renderItemBody } from './item-body.js';
import type { WxrRecord } from './records.js';
import { readWxrInWorker } from './wxr-in-worker.js';
import { readWxr } from './wxr-reader.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/wxr/', import.meta.url));
const SECRET = Buffer.from('a secret for the test');

async function all(gen: AsyncIterable<WxrRecord>): Promise<WxrRecord[]> {
  const out: WxrRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe('the WXR reader in a worker thread', () => {
  it('yields the same records as the reader, bodies sanitised and IPs hashed as deps.keyedHash does', async () => {
    const file = join(FIXTURES, 'site-1.2-https.xml');
    const direct = await all(readWxr(createReadStream(file, 'utf8')));
    let bytes = 0;
    const viaWorker = await all(readWxrInWorker({ file, secret: SECRET }, { onChunk: (n) => void (bytes += n) }));
    assert.ok(bytes > 0);
    assert.equal(viaWorker.length, direct.length);
    let rendered = 0;
    let hashed = 0;
    for (const [i, r] of viaWorker.entries()) {
      const d = direct[i];
      if (r.kind !== 'item' || d.kind !== 'item') {
        assert.deepEqual(r, d);
        continue;
      }
      const { rendered: body, comments, ...rest } = r;
      const { comments: dComments, ...dRest } = d;
      assert.deepEqual(rest, dRest);
      if (body) rendered++, assert.deepEqual(body, renderItemBody(d.content, d.excerpt));
      assert.equal(comments.length, dComments.length);
      for (const [j, c] of comments.entries()) {
        const { ipHash, ...cRest } = c;
        assert.deepEqual(cRest, dComments[j]);
        if (c.ip) hashed++, assert.equal(ipHash, keyedHashWith(SECRET, 'ip', c.ip));
      }
    }
    assert.ok(rendered > 0 && hashed > 0);
  });

  it("stops with the reader's error code, line and column", async () => {
    for (const [name, code] of [
      ['unclosed-tag.xml', 'GAZ_ERR_IMPORT_MALFORMED'],
      ['truncated.xml', 'GAZ_ERR_IMPORT_MALFORMED'],
      ['unknown-version.xml', 'GAZ_ERR_IMPORT_VERSION'],
    ] as const) {
      const file = join(FIXTURES, name);
      const direct = await all(readWxr(createReadStream(file, 'utf8'))).then(
        () => undefined,
        (e: ImportError) => e,
      );
      const viaWorker = await all(readWxrInWorker({ file, secret: SECRET })).then(
        () => undefined,
        (e: ImportError) => e,
      );
      assert.ok(viaWorker instanceof ImportError, name);
      assert.equal(viaWorker.code, code, name);
      assert.deepEqual(
        [viaWorker.code, viaWorker.line, viaWorker.column, viaWorker.message],
        [direct?.code, direct?.line, direct?.column, direct?.message],
        name,
      );
    }
  });
});
