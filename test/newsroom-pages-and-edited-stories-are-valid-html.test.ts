/**
 * The Nu HTML Checker finds no error on the newsroom's pages (the editor, the front page desk,
 * settings, the queue, lists, dashboard, a refused form) nor on what they make public: a story with an image,
 * a caption and credit, a gallery, an embed, a pull quote, a table and a correction, and the front
 * page with its breaking-news banner.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DIALECTS, ROOT, startServer, type TestServer } from './helpers/server.js';
import { adminPassword, NewsroomClient } from './helpers/newsroom-client.js';

const VNU = join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const javaMissing = spawnSync('java', ['-version']).error ? 'java is not installed, so the Nu HTML Checker cannot run' : false;
const vnuMissing = existsSync(VNU) ? false : `${VNU} is missing (npm install vnu-jar)`;

for (const d of DIALECTS) {
  describe(`newsroom pages and edited stories are valid HTML (${d.name})`, { skip: d.skip || javaMissing || vnuMissing }, () => {
    let s: TestServer;
    let dir: string;
    before(async () => {
      s = await startServer(d.name);
      dir = mkdtempSync(join(tmpdir(), 'gazette-vnu-'));
    });
    after(async () => {
      await s?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('has no Nu HTML Checker errors', async () => {
      const admin = await new NewsroomClient(s.url).signIn('admin@example.com', adminPassword(s.output()));
      const img = async (c: string) =>
        admin.upload(
          await sharp({ create: { width: 1000, height: 600, channels: 3, background: c } })
            .jpeg()
            .toBuffer(),
          `${c.slice(1)}.jpg`,
          'image/jpeg',
        );
      const one = (await img('#335577')).json<{ url: string; srcset: string }>();
      const two = (await img('#775533')).json<{ url: string; srcset: string }>();
      const figure = (m: { url: string; srcset: string }, alt: string, caption = '') =>
        `<figure class="wp-block-image"><img loading="lazy" decoding="async" src="${m.url}" srcset="${m.srcset}" sizes="(min-width: 48em) 46em, 100vw" alt="${alt}" width="1000" height="600">${caption ? `<figcaption>${caption}<small class="credit">Photo: Ana Ruiz</small></figcaption>` : ''}</figure>`;
      const body = [
        '<p>The <strong>harbour</strong> reopened.</p>',
        figure(one, 'The harbour at dawn', 'Boats return.'),
        `<figure class="wp-block-gallery has-nested-images columns-2">${figure(one, 'Nets')}${figure(two, 'Ropes')}</figure>`,
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">https://www.youtube.com/watch?v=aqz-KE-bpKQ</div></figure>',
        '<figure class="wp-block-pullquote"><blockquote><p>We are back.</p><cite>The harbour master</cite></blockquote></figure>',
        '<table><tbody><tr><th><p>Quay</p></th><th><p>Opens</p></th></tr><tr><td><p>North</p></td><td><p>Monday</p></td></tr></tbody></table>',
        '<hr><ul><li><p>One</p><ul><li><p>Nested</p></li></ul></li></ul>',
      ].join('');
      const created = await admin.post(
        '/admin/articles/new',
        { headline: 'Harbour reopens', body, body_format: 'html', status: 'published' },
        { accept: 'application/json' },
      );
      assert.equal(created.status, 201, created.text);
      const { id, slug } = created.json<{ id: number; slug: string }>();
      await admin.get(`/admin/articles/${id}`);
      const corrected = await admin.post(`/admin/articles/${id}`, {
        headline: 'Harbour reopens',
        body,
        body_format: 'html',
        status: 'published',
        correction: 'The north quay opens on Monday, not Sunday.',
      });
      assert.equal(corrected.status, 303);
      await admin.get('/admin/front');
      await admin.post('/admin/front/picks', { op: 'add', article_id: String(id), lead: '1' });
      await admin.post('/admin/front/banner', { text: 'Harbour open again', url: '/', expires_at: new Date(Date.now() + 3600_000).toISOString().slice(0, 16) });
      const permalink = (await admin.get(`/admin/articles/${id}`)).text.match(/href="(\/\d{4}\/\d{2}\/\d{2}\/[^"]+\/)">View on the site/)?.[1];
      assert.ok(permalink?.includes(slug), 'the editor links to the story');

      const pages: [string, string, NewsroomClient | null][] = [
        ['article', permalink!, null],
        ['front', '/', null],
        ['editor', `/admin/articles/${id}`, admin],
        ['new-story', '/admin/articles/new', admin],
        ['front-desk', '/admin/front', admin],
        ['settings', '/admin/settings', admin],
        ['queue', '/admin/comments?status=approved', admin],
        ['articles', '/admin/articles?sort=headline&dir=asc', admin],
        ['dashboard', '/admin/', admin],
      ];
      const files: string[] = [];
      for (const [name, path, who] of pages) {
        const html = who ? (await who.get(path)).text : await (await fetch(s.url + path)).text();
        const file = join(dir, `${name}.html`);
        writeFileSync(file, html);
        files.push(file);
      }
      // A form its schema refused: every field as sent, errors beside them (newsroom/input.tsx).
      const refused = await admin.post('/admin/taxonomy/sections', {
        name: ['Harbour', 'Docks'],
        slug: 'harbour',
        description: '',
        position: '1',
        parent_id: '',
        colour: 'red',
      });
      assert.equal(refused.status, 400);
      files.push(join(dir, 'refused-form.html'));
      writeFileSync(files[files.length - 1], refused.text);
      const r = spawnSync('java', ['-jar', VNU, '--format', 'json', '--stdout', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 180_000 });
      assert.ok(r.stdout, `vnu printed nothing: ${r.stderr}`);
      const errors = (
        JSON.parse(r.stdout) as { messages: { type: string; url?: string; lastLine?: number; message: string; extract?: string }[] }
      ).messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
      assert.equal(errors.length, 0, errors.map((m) => `${m.url?.split('/').pop()}:${m.lastLine ?? '?'} ${m.message} ${m.extract ?? ''}`).join('\n'));
    });
  });
}
