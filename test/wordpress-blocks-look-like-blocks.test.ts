import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { launch, noChromium } from './helpers/chromium.js';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';
import { everyCoreBlock } from './helpers/wp-blocks.js';
import { wxr } from './helpers/wxr.js';

const ORIGIN = 'https://harbour.example.org';
const STORY = '/2021/06/12/festival-weekend/';
const PLAIN = '/2021/06/13/plain-story/';
const VNU = join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const vnuMissing = spawnSync('java', ['-version']).error ? 'java is not installed' : existsSync(VNU) ? false : 'vnu-jar is missing';
/** Screenshots are kept here to be looked at (the test prints the folder). */
const SHOTS = join(tmpdir(), 'gazette-blocks-screenshots');

let dir: string;
let uploads: string;
let exportFile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gazette-blocks-'));
  uploads = join(dir, 'uploads');
  mkdirSync(join(uploads, '2021', '06'), { recursive: true });
  const colors = ['#b3261e', '#1d4e89', '#2f3e46'];
  for (let i = 1; i <= 3; i++)
    await sharp({ create: { width: 1600, height: 1067, channels: 3, background: colors[i - 1] } })
      .jpeg()
      .toFile(join(uploads, '2021', '06', `boat-${i}.jpg`));
  writeFileSync(join(uploads, '2021', '06', 'programme.pdf'), '%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  writeFileSync(join(uploads, '2021', '06', 'shanty.mp3'), Buffer.concat([Buffer.from('ID3'), Buffer.alloc(1000)]));
  writeFileSync(join(uploads, '2021', '06', 'parade.mp4'), Buffer.alloc(1000));
  const attachment = (id: number, file: string, alt = '') => ({
    id,
    title: file,
    slug: file.replace(/\W+/g, '-'),
    type: 'attachment',
    parent: 300,
    attachmentUrl: `${ORIGIN}/wp-content/uploads/2021/06/${file}`,
    link: `${ORIGIN}/2021/06/12/festival-weekend/${file.replace(/\W+/g, '-')}/`,
    meta: {
      _wp_attached_file: `2021/06/${file}`,
      _wp_attachment_image_alt: alt,
      ...(file === 'boat-1.jpg'
        ? {
            _wp_attachment_metadata:
              'a:4:{s:5:"width";i:1600;s:6:"height";i:1067;s:4:"file";s:18:"2021/06/boat-1.jpg";s:5:"sizes";a:1:{s:5:"large";a:4:{s:4:"file";s:20:"boat-1-1024x683.jpg";s:5:"width";i:1024;s:6:"height";i:683;s:9:"mime-type";s:10:"image/jpeg";}}}',
          }
        : {}),
    },
  });
  exportFile = join(dir, 'blocks.xml');
  writeFileSync(
    exportFile,
    wxr({
      site: ORIGIN,
      items: [
        { id: 300, title: 'Festival weekend', slug: 'festival-weekend', date: '2021-06-12 10:00:00', content: everyCoreBlock(ORIGIN) },
        { id: 301, title: 'Plain story', slug: 'plain-story', date: '2021-06-13 10:00:00', content: 'Just words.\n\nAnd more words.' },
        attachment(201, 'boat-1.jpg', 'A red sailing boat'),
        attachment(202, 'boat-2.jpg', 'A blue fishing boat'),
        attachment(203, 'boat-3.jpg', 'Boats moored at dusk'),
        attachment(204, 'programme.pdf'),
        attachment(205, 'shanty.mp3'),
        attachment(206, 'parade.mp4'),
      ],
    }),
  );
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const d of DIALECTS) {
  describe(`WordPress blocks look like blocks (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name, { args: ['--no-sample'] });
      const r = await s.cli(['import', 'wordpress', exportFile, '--uploads', uploads, '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).mediaFailed, []);
    });
    after(async () => {
      await s?.close();
    });

    it("links the block stylesheet on a story with blocks only, and keeps each block's markup", async () => {
      const html = await (await fetch(s.url + STORY)).text();
      const sheet = /<link rel="stylesheet" href="(\/assets\/blocks\.[0-9a-f]+\.css)"/.exec(html);
      assert.ok(sheet, 'the block story links blocks.css');
      const css = await fetch(s.url + sheet[1]);
      assert.equal(css.status, 200);
      assert.match(css.headers.get('cache-control') ?? '', /immutable/);
      for (const cls of [
        'wp-block-columns',
        'wp-block-column',
        'wp-block-gallery',
        'wp-block-cover',
        'wp-block-cover__image-background',
        'wp-block-media-text',
        'wp-block-buttons',
        'wp-block-button__link',
        'wp-block-table',
        'wp-block-pullquote',
        'wp-block-quote',
        'wp-block-separator',
        'wp-block-spacer',
        'is-vertical',
        'wp-block-details',
        'wp-block-footnotes',
        'wp-block-file',
        'wp-block-audio',
        'wp-block-video',
        'wp-block-verse',
        'wp-block-code',
      ])
        assert.match(html, new RegExp(`class="[^"]*\\b${cls}\\b`), cls);
      const plain = await (await fetch(s.url + PLAIN)).text();
      assert.doesNotMatch(plain, /blocks\.[0-9a-f]+\.css/);
    });

    it('is valid HTML', { skip: vnuMissing }, async () => {
      const file = join(dir, `story-${d.name}.html`);
      writeFileSync(file, await (await fetch(s.url + STORY)).text());
      const r = spawnSync('java', ['-jar', VNU, '--format', 'json', '--stdout', file], { encoding: 'utf8', timeout: 180_000 });
      const errors = (JSON.parse(r.stdout) as { messages: Array<{ type: string; message: string; extract?: string }> }).messages.filter(
        (m) => m.type === 'error',
      );
      assert.deepEqual(
        errors.map((e) => `${e.message} ${e.extract ?? ''}`),
        [],
      );
    });

    it('shows columns side by side on a desktop and stacked on a phone, a gallery as a grid, every image loaded and nothing from elsewhere', {
      skip: d.name === 'sqlite' ? noChromium : 'one browser run is enough',
    }, async () => {
      mkdirSync(SHOTS, { recursive: true });
      const browser = await launch();
      try {
        for (const [name, width] of [
          ['desktop', 1280],
          ['phone', 390],
        ] as const) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          const offsite: string[] = [];
          page.on('request', (req) => {
            if (!req.url().startsWith(s.url) && !req.url().startsWith('data:')) offsite.push(req.url());
          });
          await page.goto(s.url + STORY, { waitUntil: 'load' });
          await page.evaluate(async () => {
            for (const img of Array.from(document.images)) {
              img.scrollIntoView();
              await new Promise((r) => setTimeout(r, 30));
            }
            window.scrollTo(0, 0);
          });
          await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
          const m = await page.evaluate(() => {
            const box = (el: Element) => el.getBoundingClientRect();
            const cols = Array.from(document.querySelectorAll('.wp-block-column')).map(box);
            const gallery = document.querySelector('.wp-block-gallery')!;
            const tiles = Array.from(gallery.querySelectorAll('figure')).map(box);
            return {
              cols: cols.map((b) => ({ top: Math.round(b.top), left: Math.round(b.left), bottom: Math.round(b.bottom) })),
              galleryDisplay: getComputedStyle(gallery).display,
              tileTops: tiles.map((b) => Math.round(b.top)),
              images: Array.from(document.querySelectorAll('.article-body img')).map((i) => [
                (i as HTMLImageElement).currentSrc,
                (i as HTMLImageElement).naturalWidth,
              ]),
            };
          });
          await page.screenshot({ path: join(SHOTS, `blocks-${name}.png`), fullPage: true });
          assert.equal(m.cols.length, 2);
          if (name === 'desktop') {
            assert.equal(m.cols[0].top, m.cols[1].top, 'columns side by side');
            assert.ok(m.cols[1].left > m.cols[0].left);
            assert.equal(new Set(m.tileTops).size, 1, 'three gallery images in one row');
          } else {
            assert.ok(m.cols[1].top >= m.cols[0].bottom, 'columns stacked on a phone');
          }
          assert.equal(m.galleryDisplay, 'grid');
          assert.ok(m.images.length >= 5, `only ${m.images.length} images`);
          for (const [src, w] of m.images) assert.ok(Number(w) > 0, `${src} did not load`);
          assert.deepEqual(offsite, []);
          await page.close();
        }
        console.log(`# screenshots in ${SHOTS}`);
      } finally {
        await browser.close();
      }
    });
  });
}
