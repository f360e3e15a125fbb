import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImportError } from '../errors.js';
import { cdata } from '../../kernel/xml.js';
import type { WxrItem, WxrRecord } from './records.js';
import { readWxr } from './wxr-reader.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/wxr/', import.meta.url));
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** Feeds `xml` in small chunks (so multi-byte characters and CDATA ends straddle chunk edges). */
async function read(xml: string, chunk = 7): Promise<WxrRecord[]> {
  const buf = Buffer.from(xml);
  async function* chunks() {
    for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
  }
  const { StringDecoder } = await import('node:string_decoder');
  const dec = new StringDecoder('utf8');
  async function* text() {
    for await (const b of chunks()) yield dec.write(b);
  }
  const out: WxrRecord[] = [];
  for await (const r of readWxr(text())) out.push(r);
  return out;
}

const items = (rs: WxrRecord[]) => rs.filter((r): r is WxrItem => r.kind === 'item');

const minimal = (wpNs: string, body: string) =>
  `<?xml version="1.0"?><rss xmlns:wp="${wpNs}" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><wp:wxr_version>1.1</wp:wxr_version><item><wp:post_id>1</wp:post_id><content:encoded>${body}</content:encoded></item></channel></rss>`;

describe('the WXR reader', () => {
  it('reads the wp namespace spelled with http and with https alike', async () => {
    for (const ns of ['http://wordpress.org/export/1.1/', 'https://wordpress.org/export/1.1/']) {
      const [item] = items(await read(minimal(ns, 'x')));
      assert.equal(item.postId, '1', ns);
      assert.equal(item.content, 'x', ns);
    }
  });

  it('joins a ]]> split across CDATA sections back together, and keeps text beyond the BMP', async () => {
    const text = 'a]]>b 🚢 𝔘 ✓ ]]]] >]]>';
    const [item] = items(await read(minimal('http://wordpress.org/export/1.1/', cdata(text)), 3));
    assert.equal(item.content, text);
  });

  it('reads Windows line endings as the same records (text normalised to \\n as XML requires)', async () => {
    const lf = fixture('site-1.2-https.xml');
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.deepEqual(await read(crlf, 4096), await read(lf, 4096));
  });

  it('reads the full fixture: authors, terms, items with meta, categories and comments', async () => {
    const rs = await read(fixture('site-1.2-https.xml'), 1000);
    assert.equal(rs[0].kind, 'channel');
    assert.equal(rs.filter((r) => r.kind === 'author').length, 2);
    assert.equal(rs.filter((r) => r.kind === 'category').length, 3);
    assert.equal(rs.filter((r) => r.kind === 'tag').length, 2);
    const ferry = items(rs).find((i) => i.postId === '101')!;
    assert.equal(ferry.comments.length, 6);
    assert.equal(ferry.comments[0].parent, '501');
    assert.deepEqual(
      ferry.meta.find((m) => m.key === '_thumbnail_id'),
      { key: '_thumbnail_id', value: '150' },
    );
    assert.deepEqual(
      ferry.categories.map((c) => c.domain + ':' + c.nicename),
      ['category:harbour-works', 'post_tag:ferries', 'post_tag:%e6%b8%af'],
    );
    assert.equal(ferry.comments[5].content, '[…] a pingback […]');
  });

  it('leaves missing optional tags empty (WXR 1.0)', async () => {
    const [item] = items(await read(fixture('old-1.0-http.xml')));
    assert.equal(item.postDateGmt, '');
    assert.equal(item.isSticky, '');
    assert.equal(item.excerpt, '');
    assert.deepEqual(item.categories, [{ domain: '', nicename: '', name: 'Archive' }]);
  });

  it('stops at malformed XML with the line and column', async () => {
    for (const [name, line] of [
      ['unclosed-tag.xml', 22],
      ['truncated.xml', undefined],
    ] as const) {
      await assert.rejects(read(fixture(name), 512), (err: unknown) => {
        assert.ok(err instanceof ImportError);
        assert.equal(err.code, 'GAZ_ERR_IMPORT_MALFORMED');
        if (line) assert.equal(err.line, line);
        assert.ok(err.line! > 0 && err.column! > 0);
        return true;
      });
    }
  });

  it('refuses an unknown WXR version and a file that is not a WordPress export', async () => {
    await assert.rejects(read(fixture('unknown-version.xml')), (err: unknown) => err instanceof ImportError && err.code === 'GAZ_ERR_IMPORT_VERSION');
    await assert.rejects(
      read('<?xml version="1.0"?><html><body/></html>'),
      (err: unknown) => err instanceof ImportError && err.code === 'GAZ_ERR_IMPORT_VERSION',
    );
    await assert.rejects(
      read('<rss><channel><item><title>no version</title></item></channel></rss>'),
      (err: unknown) => err instanceof ImportError && err.code === 'GAZ_ERR_IMPORT_VERSION',
    );
  });
});
