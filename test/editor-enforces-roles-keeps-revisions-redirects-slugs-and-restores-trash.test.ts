import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { NewsroomClient, adminPassword, type Answer } from './helpers/newsroom-client.js';

const PASSWORD = 'correct-horse-battery-staple';
const idFrom = (r: Answer) => Number(/\/(\d+)$/.exec(r.headers.get('location') ?? '')?.[1]);
/** The "View on the site" link of an editor page. */
const permalinkOn = (html: string) => /<a href="(\/\d{4}\/\d{2}\/\d{2}\/[^"]+\/)">View on the site/.exec(html)?.[1];

for (const d of DIALECTS) {
  describe(`the editor enforces roles, keeps revisions, redirects old slugs and restores from the trash (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    const as: Record<string, NewsroomClient> = {};
    before(async () => {
      s = await startServer(d.name);
      for (const role of ['contributor', 'author', 'editor']) {
        const r = await s.cli(['user', 'create', '--email', `${role}@example.com`, '--role', role, '--password', PASSWORD]);
        assert.equal(r.status, 0, r.stderr);
        as[role] = await new NewsroomClient(s.url).signIn(`${role}@example.com`, PASSWORD);
      }
      as.admin = await new NewsroomClient(s.url).signIn('admin@example.com', adminPassword(s.output()));
    });
    after(async () => {
      await s?.close();
    });

    it('lets a contributor submit for review but not publish', async () => {
      const refused = await as.contributor.post('/admin/articles/new', { headline: 'Contributor tries to publish', body: 'Text.', status: 'published' });
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('x-gazette-error'), 'GAZ_ERR_ARTICLE_STATUS_FORBIDDEN');
      const list = await as.editor.get('/admin/articles?q=contributor+tries');
      assert.ok(!list.text.includes('Contributor tries to publish'), 'nothing was saved');

      const submitted = await as.contributor.post('/admin/articles/new', {
        headline: 'Contributor files a story',
        body: 'Filed for review.',
        status: 'pending',
      });
      assert.equal(submitted.status, 303);
      const id = idFrom(submitted);
      const pending = await as.editor.get('/admin/articles?status=pending');
      assert.ok(pending.text.includes('Contributor files a story'));

      // The editor publishes it from the list's status action.
      const published = await as.editor.post(`/admin/articles/${id}/status`, { action: 'publish' });
      assert.equal(published.status, 303);
      const link = permalinkOn((await as.editor.get(`/admin/articles/${id}`)).text);
      assert.ok(link, 'the article has a public address');
      assert.equal((await fetch(s.url + link)).status, 200);
      // Once published, it is the editors': the contributor can no longer change it.
      assert.equal((await as.contributor.get(`/admin/articles/${id}`)).status, 403);
    });

    it('lets an author publish their own article but not edit an editor’s', async () => {
      const own = await as.author.post('/admin/articles/new', { headline: 'Author publishes own story', body: 'Mine.', status: 'published' });
      assert.equal(own.status, 303);
      const link = permalinkOn((await as.author.get(`/admin/articles/${idFrom(own)}`)).text);
      assert.equal((await fetch(s.url + link)).status, 200);

      const editors = await as.editor.post('/admin/articles/new', { headline: 'Editor’s story', body: 'Theirs.', status: 'draft' });
      const id = idFrom(editors);
      assert.equal((await as.author.get(`/admin/articles/${id}`)).status, 403);
      const change = await as.author.post(`/admin/articles/${id}`, { headline: 'Hijacked', body: 'x', status: 'published' });
      assert.equal(change.status, 403);
      assert.equal(change.headers.get('x-gazette-error'), 'GAZ_ERR_ARTICLE_FORBIDDEN');
    });

    it('answers the old address of a renamed article with a 301 to the new one', async () => {
      const created = await as.editor.post('/admin/articles/new', { headline: 'Original headline here', body: 'Body.', status: 'published' });
      const id = idFrom(created);
      const before = permalinkOn((await as.editor.get(`/admin/articles/${id}`)).text)!;
      assert.match(before, /original-headline-here\/$/);
      const edited = await as.editor.post(`/admin/articles/${id}`, {
        headline: 'Better headline',
        slug: 'better-headline',
        body: 'Body.',
        status: 'published',
      });
      assert.equal(edited.status, 303);
      const after = permalinkOn((await as.editor.get(`/admin/articles/${id}`)).text)!;
      assert.match(after, /better-headline\/$/);
      const old = await fetch(s.url + before, { redirect: 'manual' });
      assert.equal(old.status, 301);
      assert.equal(new URL(old.headers.get('location')!, s.url).pathname, after);
      assert.equal((await fetch(s.url + after)).status, 200);
    });

    it('keeps a revision per save, shows the difference and restores an older one', async () => {
      const created = await as.editor.post('/admin/articles/new', { headline: 'Revised story', body: 'The council voted seven to two.', status: 'published' });
      const id = idFrom(created);
      await as.editor.post(`/admin/articles/${id}`, { headline: 'Revised story', body: 'The council voted five to four.', status: 'published' });
      const page = await as.editor.get(`/admin/articles/${id}/revisions`);
      assert.equal(page.status, 200);
      assert.match(page.text, /<del>seven<\/del>/);
      assert.match(page.text, /<ins>five<\/ins>/);
      const restore = /action="(\/admin\/articles\/\d+\/revisions\/\d+\/restore)"/.exec(page.text)![1];
      assert.equal((await as.editor.post(restore, {})).status, 303);
      const link = permalinkOn((await as.editor.get(`/admin/articles/${id}`)).text)!;
      const html = await (await fetch(s.url + link)).text();
      assert.ok(html.includes('seven to two'), 'the restored text is live');
      const after = await as.editor.get(`/admin/articles/${id}/revisions`);
      assert.equal((after.text.match(/<tr>/g) ?? []).length - 1, 3, 'the restore is itself a revision');
    });

    it('takes an article off the site in the trash and brings it back on restore', async () => {
      const created = await as.author.post('/admin/articles/new', { headline: 'Trash and back', body: 'Body.', status: 'published' });
      const id = idFrom(created);
      const link = permalinkOn((await as.author.get(`/admin/articles/${id}`)).text)!;
      assert.equal((await fetch(s.url + link)).status, 200);
      assert.equal((await as.author.post(`/admin/articles/${id}/status`, { action: 'trash' })).status, 303);
      assert.equal((await fetch(s.url + link)).status, 404);
      assert.ok((await as.author.get('/admin/articles?status=trash')).text.includes('Trash and back'));
      const bulk = await as.author.post('/admin/articles/bulk', { action: 'restore', ids: [String(id)] });
      assert.equal(bulk.status, 303);
      assert.equal((await fetch(s.url + link)).status, 200);
    });

    it('asks for alt text before publishing with a featured image', async () => {
      const img = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#888' } })
        .png()
        .toBuffer();
      const up = await as.editor.upload(img, 'square.png', 'image/png');
      assert.equal(up.status, 201);
      const fields = { headline: 'Pictured story', body: 'Body.', status: 'published', featured_media_id: String(up.json().id) };
      const refused = await as.editor.post('/admin/articles/new', fields);
      assert.equal(refused.status, 422);
      assert.equal(refused.headers.get('x-gazette-error'), 'GAZ_ERR_ARTICLE_ALT_REQUIRED');
      const ok = await as.editor.post('/admin/articles/new', { ...fields, featured_alt: 'A grey square' });
      assert.equal(ok.status, 303);
    });

    it('shares an unpublished article through a signed preview link that is never cached or indexed', async () => {
      const created = await as.author.post('/admin/articles/new', { headline: 'Embargoed draft', body: 'Not yet.', status: 'draft' });
      const editor = await as.author.get(`/admin/articles/${idFrom(created)}`);
      const href = /<a href="(\/preview\/[^"]+)"[^>]*>Private preview link/.exec(editor.text)![1].replace(/&amp;/g, '&');
      const r = await fetch(s.url + href);
      assert.equal(r.status, 200);
      assert.ok((await r.text()).includes('Embargoed draft'));
      assert.match(r.headers.get('cache-control') ?? '', /no-store/);
      assert.match(r.headers.get('x-robots-tag') ?? '', /noindex/);
      const forged = await fetch(s.url + href.replace(/sig=[^&]+/, 'sig=AAAA'));
      assert.equal(forged.status, 404);
    });
  });
}
