import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'wxr');

const CASES = [
  // Cut off inside its third item: two posts, their comments and every term were already written.
  { file: 'truncated.xml', code: 'GAZ_ERR_IMPORT_MALFORMED' },
  { file: 'unclosed-tag.xml', code: 'GAZ_ERR_IMPORT_MALFORMED' },
  { file: 'unknown-version.xml', code: 'GAZ_ERR_IMPORT_VERSION' },
];

for (const d of DIALECTS) {
  describe(`a malformed WordPress export (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name);
    });
    after(async () => {
      await s?.close();
    });

    for (const c of CASES) {
      it(`${c.file}: stops with ${c.code}, the line and column, and changes nothing`, async () => {
        const before = await s.cli(['stats', '--json']);
        assert.equal(before.status, 0, before.stderr);
        const r = await s.cli(['import', 'wordpress', join(FIXTURES, c.file)]);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, new RegExp(c.code));
        assert.match(r.stderr, /line \d+, column \d+/);
        assert.deepEqual(JSON.parse((await s.cli(['stats', '--json'])).stdout), JSON.parse(before.stdout));
        // Nothing half-imported is reachable either.
        assert.equal((await fetch(s.url + '/?p=101', { redirect: 'manual' })).status, 404);
        assert.equal((await fetch(s.url + '/?p=901', { redirect: 'manual' })).status, 404);
      });
    }

    it('with --uploads, the media pass (a process of its own, reading the file first) stops with the same code, line and column', async () => {
      const uploads = mkdtempSync(join(tmpdir(), 'gazette-malformed-uploads-'));
      try {
        for (const file of ['truncated.xml', 'unclosed-tag.xml']) {
          const before = await s.cli(['stats', '--json']);
          const plain = await s.cli(['import', 'wordpress', join(FIXTURES, file)]);
          const withMedia = await s.cli(['import', 'wordpress', join(FIXTURES, file), '--uploads', uploads]);
          assert.notEqual(withMedia.status, 0);
          const where = (stderr: string) => /GAZ_ERR_IMPORT_MALFORMED: line \d+, column \d+/.exec(stderr)?.[0];
          assert.ok(where(withMedia.stderr), withMedia.stderr);
          assert.equal(where(withMedia.stderr), where(plain.stderr), file);
          assert.deepEqual(JSON.parse((await s.cli(['stats', '--json'])).stdout), JSON.parse(before.stdout));
        }
      } finally {
        rmSync(uploads, { recursive: true, force: true });
      }
    });

    it('refuses a file that is not there with a non-zero exit', async () => {
      const r = await s.cli(['import', 'wordpress', join(FIXTURES, 'no-such-file.xml')]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /GAZ_ERR_IMPORT_UNREADABLE/);
    });
  });
}
