import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { noChromium, launch } from './helpers/chromium.js';
import { type OldSite, startOldSite } from './helpers/old-site.js';
import { spawn } from 'node:child_process';
import { BIN, DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { wxr } from './helpers/wxr.js';

const U = '/wp-content/uploads/2020/05/';
const STORY = '/2020/05/01/photo-story/';

async function jpeg(width: number, height: number, color: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

/** `_wp_attachment_metadata` as WordPress serialises it, with its resized copies. */
function attachmentMetadata(file: string, width: number, height: number, sizes: Array<[string, number, number]>): string {
  const sizeEntries = sizes
    .map(
      ([name, w, h], i) =>
        `s:${`size${i}`.length}:"size${i}";a:4:{s:4:"file";s:${name.length}:"${name}";s:5:"width";i:${w};s:6:"height";i:${h};s:9:"mime-type";s:10:"image/jpeg";}`,
    )
    .join('');
  return `a:5:{s:5:"width";i:${width};s:6:"height";i:${height};s:4:"file";s:${file.length}:"${file}";s:8:"filesize";i:1000;s:5:"sizes";a:${sizes.length}:{${sizeEntries}}}`;
}

function exportFor(origin: string): string {
  const url = (f: string) => `${origin}${U}${f}`;
  const attachment = (id: number, file: string, alt: string, meta?: string) => ({
    id,
    title: file,
    slug: file.replace(/\W+/g, '-'),
    type: 'attachment',
    parent: 10,
    attachmentUrl: url(file),
    link: `${origin}/?attachment_id=${id}`,
    meta: {
      _wp_attached_file: `2020/05/${file}`,
      _wp_attachment_image_alt: alt,
      ...(meta ? { _wp_attachment_metadata: meta } : {}),
    },
  });
  const body = `<!-- wp:image -->
<figure class="wp-block-image"><img src="${url('photo-1024x576.jpg')}" srcset="${url('photo-300x169.jpg')} 300w, ${url('photo-1024x576.jpg')} 1024w, ${url('photo.jpg')} 1600w" sizes="(max-width: 1024px) 100vw, 1024px" alt="Boats in the harbour" width="1024" height="576"></figure>
<!-- /wp:image -->

<p>See the <a href="${url('photo.jpg')}">full-size picture</a>.</p>

[caption id="attachment_51" align="alignnone" width="300"]<img src="${url('photo-300x169.jpg')}" alt="Boats, small" width="300" height="169" /> The boats at noon[/caption]

[gallery ids="51,52" columns="2"]

[audio mp3="${url('interview.mp3')}"][/audio]

<p><img src="${url('gone.jpg')}" alt="A picture the old site lost"></p>
<p><img src="${url('slow.jpg')}" alt="A picture too slow to fetch"></p>`;
  return wxr({
    site: origin,
    items: [
      { id: 10, title: 'Photo story', slug: 'photo-story', content: body, meta: { _thumbnail_id: '51' } },
      attachment(
        51,
        'photo.jpg',
        'Boats in the harbour',
        attachmentMetadata('2020/05/photo.jpg', 1600, 900, [
          ['photo-300x169.jpg', 300, 169],
          ['photo-1024x576.jpg', 1024, 576],
          ['photo-150x150.jpg', 150, 150],
        ]),
      ),
      attachment(52, 'quay.png', 'The quay'),
      attachment(53, 'interview.mp3', ''),
      attachment(54, 'gone.jpg', 'A picture the old site lost'),
      attachment(55, 'slow.jpg', 'A picture too slow to fetch'),
      attachment(56, 'wrong.jpg', 'A web page, not a picture'),
      attachment(57, 'huge.jpg', 'Too big'),
    ],
  });
}

let old: OldSite;
let dir: string;
let exportFile: string;

before(async () => {
  const quay = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2a6f97' } })
    .png()
    .toBuffer();
  old = await startOldSite({
    [`${U}photo.jpg`]: { body: await jpeg(1600, 900, '#336699'), type: 'image/jpeg' },
    [`${U}quay.png`]: { body: quay, type: 'image/png' },
    [`${U}interview.mp3`]: { body: Buffer.concat([Buffer.from('ID3'), Buffer.alloc(2000, 1)]), type: 'audio/mpeg' },
    [`${U}slow.jpg`]: { body: await jpeg(200, 100, '#999999'), type: 'image/jpeg', dripMs: 1500 },
    [`${U}wrong.jpg`]: { body: Buffer.from('<!doctype html><title>Home</title>'), type: 'text/html; charset=UTF-8' },
    [`${U}huge.jpg`]: { body: Buffer.alloc(3 * 1024 * 1024, 7), type: 'image/jpeg' },
  });
  dir = mkdtempSync(join(tmpdir(), 'gazette-media-'));
  exportFile = join(dir, 'export.xml');
  writeFileSync(exportFile, exportFor(old.origin));
});
after(async () => {
  await old?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The CLI in a child process this one does not wait on: the old site is served from this process. */
function cli(s: TestServer, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: s.env, cwd: s.dataDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

const importArgs = () => ['import', 'wordpress', exportFile, '--download', '--download-timeout', '2', '--max-file-mb', '2', '--json'];

for (const d of DIALECTS) {
  describe(`WordPress media come home (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let summary: { media: number; mediaFailed: Array<{ id: string; url: string; reason: string }> };
    before(async () => {
      old.hits.clear();
      s = await startServer(d.name, { args: ['--no-sample'] });
      const r = await cli(s, importArgs());
      assert.equal(r.status, 0, r.stderr);
      summary = JSON.parse(r.stdout);
    });
    after(async () => {
      await s?.close();
    });

    it('names each attachment it could not bring home, with the reason', () => {
      const failed = Object.fromEntries(summary.mediaFailed.map((f) => [f.id, f.reason]));
      assert.deepEqual(Object.keys(failed).sort(), ['54', '55', '56', '57']);
      assert.match(failed['54'], /HTTP 404/);
      assert.match(failed['55'], /within 2 s/);
      assert.match(failed['56'], /text\/html/);
      assert.match(failed['57'], /larger than the 2 MB limit/);
      assert.equal(summary.media, 7);
    });

    it('points every image, link, gallery and player of the story at local copies', async () => {
      const html = await (await fetch(s.url + STORY)).text();
      const body = html.slice(html.indexOf('<article'), html.indexOf('id="comments"'));
      assert.ok(!body.includes(old.origin), 'the story still names the old site');
      const srcs = [...body.matchAll(/<(?:img|audio|source)\b[^>]*?\bsrcs?e?t?="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(srcs.length >= 6, `only ${srcs.length} media elements`);
      for (const src of srcs) for (const url of src.split(/,\s+/)) assert.match(url, /^\/media\//, url);
      assert.match(body, /<a href="\/media\/2020\/05\/photo-[0-9a-f]+\.jpg">full-size picture<\/a>/);
      // The resized copy WordPress linked (1024 wide) is the local variant of that width.
      assert.match(body, /<img [^>]*src="\/media\/2020\/05\/photo-[0-9a-f]+-1024w\.jpg"/);
      assert.match(body, /<figure class="wp-block-gallery has-nested-images columns-2">(?:<figure class="wp-block-image"><img [^>]+><\/figure>){2}<\/figure>/);
      assert.match(body, /<figure class="wp-block-audio"><audio controls preload="none" src="\/media\/2020\/05\/interview-[0-9a-f]+\.mp3"><\/audio><\/figure>/);
      assert.match(body, /<figcaption>The boats at noon<\/figcaption>/);
      // What did not come home shows its alt text.
      assert.match(body, /<span class="media-missing">A picture the old site lost<\/span>/);
      assert.match(body, /<span class="media-missing">A picture too slow to fetch<\/span>/);
      // The featured image and its Open Graph copy are local too.
      assert.match(html, /<meta property="og:image" content="http[^"]*\/media\/2020\/05\/photo-[0-9a-f]+\.jpg"/);
    });

    it('answers the old upload paths, resized copies included, with 301 to the local copy', async () => {
      for (const f of ['photo.jpg', 'photo-1024x576.jpg', 'photo-150x150.jpg', 'interview.mp3']) {
        const r = await fetch(s.url + U + f, { redirect: 'manual' });
        assert.equal(r.status, 301, f);
        const target = r.headers.get('location')!;
        assert.match(target, /^\/media\//);
        const file = await fetch(s.url + target);
        assert.equal(file.status, 200, target);
      }
      assert.equal((await fetch(s.url + U + 'gone.jpg', { redirect: 'manual' })).status, 404);
    });

    it('fetches again on a re-run only what it does not have', async () => {
      const before = new Map(old.hits);
      const r = await cli(s, importArgs());
      assert.equal(r.status, 0, r.stderr);
      assert.equal(old.hits.get(`${U}photo.jpg`), before.get(`${U}photo.jpg`));
      assert.equal(old.hits.get(`${U}quay.png`), before.get(`${U}quay.png`));
      assert.equal(old.hits.get(`${U}gone.jpg`), (before.get(`${U}gone.jpg`) ?? 0) + 1);
      assert.deepEqual(
        JSON.parse(r.stdout)
          .mediaFailed.map((f: { id: string }) => f.id)
          .sort(),
        ['54', '55', '56', '57'],
      );
    });

    it('loads every image in a browser without a request leaving the site', {
      skip: d.name !== 'sqlite' ? 'one browser run is enough' : noChromium,
    }, async () => {
      const browser = await launch();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const offsite: string[] = [];
        page.on('request', (req) => {
          if (!req.url().startsWith(s.url) && !req.url().startsWith('data:')) offsite.push(req.url());
        });
        await page.goto(s.url + STORY, { waitUntil: 'load' });
        // Lazy images load once they are near the viewport: scroll through the story.
        await page.evaluate(async () => {
          for (const img of Array.from(document.images)) {
            img.scrollIntoView();
            await new Promise((r) => setTimeout(r, 50));
          }
        });
        await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
        const widths = await page.evaluate(() =>
          Array.from(document.querySelectorAll('main img, article img')).map((i) => [(i as HTMLImageElement).currentSrc, (i as HTMLImageElement).naturalWidth]),
        );
        assert.ok(widths.length >= 4, `only ${widths.length} images`);
        for (const [src, w] of widths) assert.ok(Number(w) > 0, `${src} did not load`);
        assert.deepEqual(offsite, []);
      } finally {
        await browser.close();
      }
    });
  });
}
