import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { NewsroomClient, adminPassword } from './helpers/newsroom-client.js';
import { openSite } from './helpers/site-db.js';

interface Variant {
  width: number;
  format: string;
  path: string;
}

/** A 3000×2000 JPEG carrying a GPS position and a camera serial in its EXIF. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#4a7a9c' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Locator 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 14/1 18/1', GPSLongitudeRef: 'E', GPSLongitude: '76/1 53/1 43/1' },
    })
    .toBuffer();
}

for (const d of DIALECTS) {
  describe(`uploads are checked by content, resized and stripped of location (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let admin: NewsroomClient;
    before(async () => {
      s = await startServer(d.name);
      admin = await new NewsroomClient(s.url).signIn('admin@example.com', adminPassword(s.output()));
    });
    after(async () => {
      await s?.close();
    });

    it('has a GPS position in the test photo to begin with', async () => {
      const source = await photoWithGps();
      const meta = await sharp(source).metadata();
      assert.ok(meta.exif && meta.exif.length > 50, 'the source carries EXIF');
      assert.ok(source.includes('TestCam'), 'and names its camera');
    });

    it('refuses a PHP script named .jpg with GAZ_ERR_MEDIA_TYPE', async () => {
      const r = await admin.upload(Buffer.from('<?php echo shell_exec($_GET["cmd"]); ?>\n'), 'holiday.jpg', 'image/jpeg');
      assert.equal(r.status, 415);
      assert.equal(r.json().code, 'GAZ_ERR_MEDIA_TYPE');
    });

    it('refuses an SVG carrying script, whatever it is called', async () => {
      const svg = Buffer.from(
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>',
      );
      for (const name of ['logo.svg', 'logo.png']) {
        const r = await admin.upload(svg, name, 'image/svg+xml');
        assert.equal(r.status, 415, name);
        assert.equal(r.json().code, 'GAZ_ERR_MEDIA_TYPE', name);
      }
    });

    it('refuses a 25 MB file with GAZ_ERR_MEDIA_TOO_LARGE', async () => {
      const big = Buffer.alloc(25 * 1024 * 1024, 7);
      big.set([0xff, 0xd8, 0xff, 0xe0], 0);
      const r = await admin.upload(big, 'huge.jpg', 'image/jpeg');
      assert.equal(r.status, 413);
      assert.equal(r.json().code, 'GAZ_ERR_MEDIA_TOO_LARGE');
    });

    it('refuses an upload without a valid CSRF token', async () => {
      const form = new FormData();
      form.append('_csrf', 'forged');
      form.append('file', new Blob([new Uint8Array(await photoWithGps())], { type: 'image/jpeg' }), 'x.jpg');
      const r = await admin.request('POST', '/admin/media', { body: form, headers: { accept: 'application/json' } });
      assert.equal(r.status, 403);
    });

    it('stores a JPEG in every width and format, with no GPS or camera data in any stored file', async () => {
      const r = await admin.upload(await photoWithGps(), 'Harbour at dawn.jpg', 'image/jpeg');
      assert.equal(r.status, 201, r.text);
      const { id, width, height, url } = r.json();
      assert.equal(width, 3000);
      assert.equal(height, 2000);
      assert.match(url, /^\/media\/\d{4}\/\d{2}\/harbour-at-dawn-[0-9a-f]+\.jpg$/);

      const deps = await openSite(s);
      const row = await deps.kysely.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await deps.close();
      const variants = JSON.parse(row.variants) as Variant[];
      const expected = [320, 640, 720, 1024, 1600, 2400].flatMap((w) => ['jpeg', 'webp', 'avif'].map((f) => `${w}:${f}`));
      assert.deepEqual(variants.map((v) => `${v.width}:${v.format}`).sort(), expected.sort());

      for (const v of [...variants, { width: 3000, format: 'jpeg', path: row.path }]) {
        const file = join(s.dataDir, v.path);
        assert.ok(existsSync(file), v.path);
        const meta = await sharp(readFileSync(file)).metadata();
        assert.equal(meta.width, v.width, v.path);
        assert.equal(meta.format === 'heif' ? 'avif' : meta.format, v.format, v.path);
        assert.equal(meta.exif, undefined, `${v.path} has no EXIF`);
        assert.ok(!readFileSync(file).includes('GPS'), `${v.path} has no GPS block`);
        assert.ok(!readFileSync(file).includes('TestCam'), `${v.path} names no camera`);
      }

      const served = await fetch(s.url + '/' + variants.find((v) => v.format === 'avif')!.path);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('content-type'), 'image/avif');
      assert.match(served.headers.get('cache-control') ?? '', /immutable/);
      assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    });

    it('never makes a size wider than the image', async () => {
      const small = await sharp({ create: { width: 700, height: 300, channels: 4, background: '#c33' } })
        .png()
        .toBuffer();
      const r = await admin.upload(small, 'banner.png', 'image/png');
      assert.equal(r.status, 201);
      const deps = await openSite(s);
      const row = await deps.kysely.selectFrom('media').selectAll().where('id', '=', r.json().id).executeTakeFirstOrThrow();
      await deps.close();
      const widths = [...new Set((JSON.parse(row.variants) as Variant[]).map((v) => v.width))].sort((a, b) => a - b);
      assert.deepEqual(widths, [320, 640, 700]);
    });

    it('serves nothing outside the media folder', async () => {
      for (const path of ['/media/../gazette.db', '/media/%2e%2e/gazette.db', '/media/2024/01/..%2f..%2fgazette.db', '/media/2024/01/x.php']) {
        const r = await fetch(s.url + path);
        assert.equal(r.status, 404, path);
      }
    });
  });
}
