import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';

const SITE = join(ROOT, 'test', 'fixtures', 'wxr', 'embeds-and-attachments.xml');
const STORM = '/2022/09/14/storm-season/';

interface Report {
  would: Record<string, number>;
  unpublished: Array<{ id: string; reason: string }>;
  dropped: Array<{ id: string; reason: string }>;
  mediaMissing: Array<{ id: string; url: string; reason: string }>;
  mediaToDownload: number;
  permalinkStructure?: string;
  redirects: Array<{ from: string; to: string }>;
}

let dir: string;
let uploads: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gazette-report-'));
  uploads = join(dir, 'uploads');
  // The uploads copy has the breakwater photo, not the tide-gauge chart.
  mkdirSync(join(uploads, '2022', '09'), { recursive: true });
  await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2f3e46' } })
    .jpeg()
    .toFile(join(uploads, '2022', '09', 'breakwater.jpg'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const d of DIALECTS) {
  describe(`gazette import wordpress --report writes nothing and says what the import will do (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let report: Report;
    before(async () => {
      s = await startServer(d.name, { args: ['--no-sample'] });
      const r = await s.cli(['import', 'wordpress', SITE, '--uploads', uploads, '--report', '--json']);
      assert.equal(r.status, 0, r.stderr);
      report = JSON.parse(r.stdout);
    });
    after(async () => {
      await s?.close();
    });

    it('says what would come in, what is kept from the public, and what is left out and why', () => {
      assert.deepEqual(report.would, { articles: 3, pages: 1, media: 2, comments: 0, mentions: 0, authors: 1, sections: 1, tags: 0 });
      assert.deepEqual(report.unpublished, [{ id: '403', reason: 'draft: imported unpublished ("Ferry fares rise in spring")' }]);
      assert.deepEqual(report.dropped, [{ id: '900', reason: 'post type nav_menu_item is not imported' }]);
    });

    it('names the media that would be missing, with the reason', () => {
      assert.deepEqual(report.mediaMissing, [
        {
          id: '502',
          url: 'https://tidewater.example.net/wp-content/uploads/2022/09/tide-gauge.png',
          reason: 'not in the uploads folder (2022/09/tide-gauge.png)',
        },
      ]);
      assert.equal(report.mediaToDownload, 0);
    });

    it('lists the old addresses that will answer 301 and the permalink structure', () => {
      assert.equal(report.permalinkStructure, '/%postname%/');
      const to = new Map(report.redirects.map((r) => [r.from, r.to]));
      assert.equal(to.get('/storm-season/'), STORM);
      assert.equal(to.get('/?p=402'), '/2022/09/15/harbour-wall-repairs/');
      assert.equal(to.get('/?page_id=7'), '/about-tidewater/');
      assert.equal(to.get('/storm-season/breakwater/'), '(the local copy of 2022/09/breakwater.jpg)');
      assert.equal(to.get('/?attachment_id=502'), undefined, 'an unattached attachment without its file leads nowhere');
    });

    it('wrote nothing: no story, no media, no files', async () => {
      const stats = JSON.parse((await s.cli(['stats', '--json'])).stdout);
      assert.deepEqual(stats.articles, {}, JSON.stringify(stats));
      assert.equal((await fetch(s.url + '/?p=401', { redirect: 'manual' })).status, 404);
      assert.equal(existsSync(join(s.dataDir, 'import')), false);
      assert.equal(existsSync(join(s.dataDir, 'media')), false);
    });

    it('agrees with the import: every address it lists answers 301 where it said', async () => {
      const r = await s.cli(['import', 'wordpress', SITE, '--uploads', uploads, '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(
        JSON.parse(r.stdout).mediaFailed.map((f: { id: string }) => f.id),
        report.mediaMissing.map((m) => m.id),
      );
      for (const { from, to } of report.redirects) {
        const res = await fetch(s.url + from, { redirect: 'manual' });
        assert.equal(res.status, 301, from);
        const location = res.headers.get('location') ?? '';
        if (to.startsWith('(the local copy')) assert.match(location, /^\/media\//, from);
        else assert.equal(location, to, from);
      }
    });
  });
}
