import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';
import { wxr } from './helpers/wxr.js';

/** A site whose permalinks were /%postname%/, with an attachment page under a story and an unattached one. */
const SITE = join(ROOT, 'test', 'fixtures', 'wxr', 'embeds-and-attachments.xml');
const STORM = '/2022/09/14/storm-season/';
const WALL = '/2022/09/15/harbour-wall-repairs/';

const get = (s: TestServer, path: string) => fetch(s.url + path, { redirect: 'manual' });
/** Where `path` answers 301 to, or its status when it does not. */
const whereTo = async (s: TestServer, path: string) => {
  const r = await get(s, path);
  await r.arrayBuffer();
  return r.status === 301 ? r.headers.get('location') : r.status;
};

let dir: string;
let uploads: string;
let numeric: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gazette-old-links-'));
  uploads = join(dir, 'uploads');
  mkdirSync(join(uploads, '2022', '09'), { recursive: true });
  await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#1d4e89' } })
    .jpeg()
    .toFile(join(uploads, '2022', '09', 'breakwater.jpg'));
  // A second site, on WordPress's "Numeric" setting: /archives/%post_id%.
  numeric = join(dir, 'numeric.xml');
  const site = 'https://quay.example.org';
  writeFileSync(
    numeric,
    wxr({
      site,
      items: [
        { id: 71, title: 'Quay lights go out', slug: 'quay-lights', date: '2019-02-03 08:00:00', link: `${site}/archives/71` },
        { id: 72, title: 'Quay lights back on', slug: 'quay-lights-back', date: '2019-02-05 08:00:00', link: `${site}/archives/72` },
      ],
    }),
  );
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const d of DIALECTS) {
  describe(`WordPress attachment pages and old permalink shapes answer 301 (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let summary: Record<string, unknown>;
    before(async () => {
      s = await startServer(d.name, { args: ['--no-sample'] });
      const r = await s.cli(['import', 'wordpress', SITE, '--json']);
      assert.equal(r.status, 0, r.stderr);
      summary = JSON.parse(r.stdout);
    });
    after(async () => {
      await s?.close();
    });

    it("learns the old site's permalink structure from its posts' links", () => {
      assert.equal(summary.permalinkStructure, '/%postname%/');
    });

    it('answers every address WordPress gave a post in that structure, and what hangs under it', async () => {
      assert.equal(await whereTo(s, '/storm-season/'), STORM);
      const unslashed = await fetch(s.url + '/storm-season');
      assert.equal(new URL(unslashed.url).pathname, STORM, 'without its final slash too');
      assert.equal(await whereTo(s, '/storm-season/feed/'), STORM + 'feed/');
      assert.equal(await whereTo(s, '/storm-season/feed/atom/'), STORM + 'feed/');
      assert.equal(await whereTo(s, '/harbour-wall-repairs/comment-page-2/'), WALL + 'comment-page-2/');
      for (const tail of ['amp/', 'embed/', 'trackback/', '2/', 'page/2/']) assert.equal(await whereTo(s, `/harbour-wall-repairs/${tail}`), WALL, tail);
      // Followed, each lands on a page that is there.
      assert.equal((await get(s, STORM + 'feed/')).status, 200);
      assert.equal(await whereTo(s, '/about-tidewater/'), 200, 'a page keeps its own address');
      for (const missing of ['/no-such-story/', '/no-such-story/feed/', '/storm-season/no-such-attachment/', '/ferry-fares-rise/'])
        assert.equal(await whereTo(s, missing), 404, missing);
    });

    it('answers an attachment page with the story that holds it while its file is not here, and 404 for one without either', async () => {
      assert.equal(await whereTo(s, '/storm-season/breakwater/'), STORM);
      assert.equal(await whereTo(s, '/?attachment_id=501'), STORM);
      assert.equal(await whereTo(s, '/?attachment_id=502'), 404, 'unattached, and its file never came');
      assert.equal(await whereTo(s, '/tide-gauge/'), 404);
      assert.equal(await whereTo(s, '/?attachment_id=999'), 404);
      assert.equal(await whereTo(s, '/?attachment_id=1e99'), 404);
    });

    it('answers an attachment page with its file once the file has come home', async () => {
      const r = await s.cli(['import', 'wordpress', SITE, '--uploads', uploads, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const file = await whereTo(s, '/storm-season/breakwater/');
      assert.match(String(file), /^\/media\/.+\.jpe?g$/);
      assert.equal(await whereTo(s, '/?attachment_id=501'), file);
      const image = await fetch(s.url + file);
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/jpeg');
      assert.equal(await whereTo(s, '/?attachment_id=502'), 404);
    });

    it('learns a numeric structure too, and answers an id it does not know with 404', async () => {
      const r = await s.cli(['import', 'wordpress', numeric, '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).permalinkStructure, '/archives/%post_id%');
      assert.equal(await whereTo(s, '/archives/71'), '/2019/02/03/quay-lights/');
      assert.equal(await whereTo(s, '/archives/72/'), '/2019/02/05/quay-lights-back/');
      assert.equal(await whereTo(s, '/archives/72/feed/'), '/2019/02/05/quay-lights-back/feed/');
      assert.equal(await whereTo(s, '/archives/73'), 404);
    });
  });
}
