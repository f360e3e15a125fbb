import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRun, DIALECTS, freshDatabase, ROOT, startServer, type TestServer } from './helpers/server.js';
import { contentHash, contentOf, readExport } from './helpers/site-content.js';

const SITE = join(ROOT, 'test', 'fixtures', 'wxr', 'site-1.2-https.xml');

for (const d of DIALECTS) {
  describe(`export, backup and restore (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let dir: string;
    const fresh: Array<{ drop(): Promise<void> }> = [];
    /** A CLI on a new, empty database of the same dialect. */
    const emptySite = async () => {
      const db = await freshDatabase(d.name);
      fresh.push(db);
      const env = { DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
      return (args: string[]) => cliRun(args, env);
    };
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'gazette-export-test-'));
      s = await startServer(d.name, { args: ['--no-sample'] });
      const r = await s.cli(['import', 'wordpress', SITE]);
      assert.equal(r.status, 0, r.stderr);
    });
    after(async () => {
      await s?.close();
      for (const db of fresh) await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes a WXR 1.2 with proper namespaces and CDATA that splits ]]>', async () => {
      const file = join(dir, 'site.xml');
      const r = await s.cli(['export', '--format', 'wxr', file]);
      assert.equal(r.status, 0, r.stderr);
      const xml = readFileSync(file, 'utf8');
      assert.match(xml, /xmlns:wp="http:\/\/wordpress\.org\/export\/1\.2\/"/);
      assert.match(xml, /<wp:wxr_version>1\.2<\/wp:wxr_version>/);
      assert.ok(xml.includes('a]]]]><![CDATA[>b'), ']]> not split across CDATA sections');
      assert.ok(xml.includes('<!-- wp:paragraph -->'), 'block-editor comments not kept');
      assert.ok(xml.includes('[caption id="attachment_150"'), 'shortcode not kept');
    });

    it('import → export WXR → import into an empty site gives the same content', async () => {
      const wxr = join(dir, 'round.xml');
      assert.equal((await s.cli(['export', wxr])).status, 0);
      const other = await s.cli(['export', join(dir, 'a.json')]);
      assert.equal(other.status, 0, other.stderr);
      return emptySite().then(async (cli) => {
        const imp = await cli(['import', 'wordpress', wxr, '--json']);
        assert.equal(imp.status, 0, imp.stderr);
        assert.equal((await cli(['export', join(dir, 'b.json')])).status, 0);
        assert.deepEqual(JSON.parse((await cli(['stats', '--json'])).stdout), JSON.parse((await s.cli(['stats', '--json'])).stdout));
        const a = readExport(join(dir, 'a.json')).tables;
        const b = readExport(join(dir, 'b.json')).tables;
        // The imported spam comment taught the learned spam filter, once.
        assert.deepEqual(
          a.spam_documents?.map((r) => [r.class, r.count]),
          [['spam', 1]],
        );
        assert.deepEqual(contentOf(b), contentOf(a));
        assert.equal(contentHash(b), contentHash(a));
      });
    });

    it('backup → restore into an empty site gives the same site, ids and all', async () => {
      const backup = join(dir, 'site.backup');
      const r = await s.cli(['backup', backup]);
      assert.equal(r.status, 0, r.stderr);
      const cli = await emptySite();
      const restored = await cli(['restore', backup]);
      assert.equal(restored.status, 0, restored.stderr);
      assert.deepEqual(JSON.parse((await cli(['stats', '--json'])).stdout), JSON.parse((await s.cli(['stats', '--json'])).stdout));
      assert.equal((await s.cli(['export', join(dir, 'live.json')])).status, 0);
      assert.equal((await cli(['export', join(dir, 'restored.json')])).status, 0);
      const live = readExport(join(dir, 'live.json')).tables;
      const back = readExport(join(dir, 'restored.json')).tables;
      for (const table of ['articles', 'comments', 'users', 'sections', 'tags', 'media', 'redirects', 'article_tags', 'article_authors', 'settings']) {
        assert.deepEqual(back[table], live[table], table);
      }
      assert.equal(contentHash(back), contentHash(live));
      // New rows continue after the restored ids.
      const more = await cli(['user', 'create', '--email', 'new@example.com', '--role', 'editor', '--password', 'a-long-password']);
      assert.equal(more.status, 0, more.stderr);
    });

    it('gazette import json reads back gazette export FILE.json', async () => {
      const file = join(dir, 'whole.json');
      assert.equal((await s.cli(['export', file])).status, 0);
      const cli = await emptySite();
      const r = await cli(['import', 'json', file]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse((await cli(['stats', '--json'])).stdout), JSON.parse((await s.cli(['stats', '--json'])).stdout));
    });

    it('refuses to restore into a site that has content', async () => {
      const backup = join(dir, 'again.backup');
      assert.equal((await s.cli(['backup', backup])).status, 0);
      const before = (await s.cli(['stats', '--json'])).stdout;
      const r = await s.cli(['restore', backup]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /GAZ_ERR_RESTORE_NOT_EMPTY/);
      assert.equal((await s.cli(['stats', '--json'])).stdout, before);
    });
  });
}
