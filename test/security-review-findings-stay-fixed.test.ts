/**
 * The outside security review's findings (issue 9), each as the attack the reviewer ran, on both
 * databases: every one of these passed against the code the review broke.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { XMLValidator } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { NewsroomClient, adminPassword, type Answer } from './helpers/newsroom-client.js';
import { Browser, sql } from './helpers/admin.js';
import { ARTICLE, fields, formOf, freshIp, moderate, postComment, postJson, setSetting, storedComment } from './helpers/comments.js';

const PASSWORD = 'correct-horse-battery-staple';
const idFrom = (r: Answer) => Number(/\/(\d+)$/.exec(r.headers.get('location') ?? '')?.[1]);
const permalinkOn = (html: string) => /<a href="(\/\d{4}\/\d{2}\/\d{2}\/[^"]+\/)">View on the site/.exec(html)?.[1];
const count = async (s: TestServer, table: string) => Number((await sql(s, `SELECT COUNT(*) AS n FROM ${table}`))[0].n);

for (const d of DIALECTS) {
  describe(`the security review's findings stay fixed (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    const as: Record<string, NewsroomClient> = {};
    before(async () => {
      s = await startServer(d.name);
      for (const who of ['contributor', 'author', 'author2', 'editor']) {
        const role = who.replace(/\d$/, '');
        const r = await s.cli(['user', 'create', '--email', `${who}@example.com`, '--role', role, '--password', PASSWORD, '--name', `Staff ${who}`]);
        assert.equal(r.status, 0, r.stderr);
        as[who] = await new NewsroomClient(s.url).signIn(`${who}@example.com`, PASSWORD);
      }
      as.admin = await new NewsroomClient(s.url).signIn('admin@example.com', adminPassword(s.output()));
      await setSetting(s, 'comments.min_form_seconds', '0');
      await setSetting(s, 'comments.flood_seconds', '0');
    });
    after(async () => {
      await s?.close();
    });

    it('#1 refuses a save with thousands of tags, or one too long, before touching the tags table', async () => {
      const before = await count(s, 'tags');
      const flood = Array.from({ length: 10_000 }, (_, i) => `flood${i}`).join(',');
      const r = await as.contributor.post(
        '/admin/articles/new',
        { headline: 'Tag flood', body: 'x', status: 'draft', tags: flood },
        { accept: 'application/json' },
      );
      assert.equal(r.status, 400, 'the form’s budget refuses it before any work');
      assert.equal(r.headers.get('x-gazette-error'), 'GAZ_ERR_INVALID_INPUT');
      // Within the budget but over the cap: the form comes back with the field's error.
      const many = Array.from({ length: 51 }, (_, i) => `t${i}`).join(',');
      const over = await as.contributor.post(
        '/admin/articles/new',
        { headline: 'Tag flood', body: 'x', status: 'draft', tags: many },
        { accept: 'application/json' },
      );
      assert.equal(over.status, 422);
      assert.equal(over.headers.get('x-gazette-error'), 'GAZ_ERR_ARTICLE_INVALID');
      assert.ok(over.json().errors.tags, 'the tags field says what is wrong');
      const long = await as.contributor.post(
        '/admin/articles/new',
        { headline: 'Long tag', body: 'x', status: 'draft', tags: 'y'.repeat(101) },
        { accept: 'application/json' },
      );
      assert.equal(long.status, 422);
      assert.equal(await count(s, 'tags'), before, 'no tag was created');
      // Fifty tags (the cap), some new, some existing under another case or as a slug, in one save.
      const names = Array.from({ length: 48 }, (_, i) => `Batch tag ${i}`).concat(['RUSSIA', 'batch-tag-0']);
      const ok = await as.contributor.post(
        '/admin/articles/new',
        { headline: 'Many tags', body: 'x', status: 'draft', tags: names.join(', ') },
        { accept: 'application/json' },
      );
      assert.equal(ok.status, 201, ok.text);
      const tagged = await sql(s, 'SELECT COUNT(*) AS n FROM article_tags WHERE article_id = ?', [ok.json().id]);
      assert.equal(Number(tagged[0].n), 49, '48 new tags and the existing "Russia"; "batch-tag-0" is "Batch tag 0"');
      assert.equal(await count(s, 'tags'), before + 48);
    });

    it('#3 keeps an image’s alt text and caption its uploader’s (or an editor’s) to change', async () => {
      const img = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#369' } })
        .png()
        .toBuffer();
      const up = await as.author.upload(img, 'mine.png', 'image/png', { alt: 'A blue square', caption: 'Mine' });
      assert.equal(up.status, 201);
      const id = up.json().id as number;
      const media = async () => (await sql(s, 'SELECT alt, caption FROM media WHERE id = ?', [id]))[0];
      // Through the image's own page…
      await as.author2.get(`/admin/media/${id}`);
      assert.equal((await as.author2.post(`/admin/media/${id}`, { alt: 'Defaced', caption: 'Defaced' })).status, 403);
      // …and through another author's own draft that features it.
      const draft = await as.author2.post('/admin/articles/new', {
        headline: 'Borrowing an image',
        body: 'x',
        status: 'draft',
        featured_media_id: String(id),
        featured_alt: 'Defaced',
        featured_caption: 'Defaced',
      });
      assert.equal(draft.status, 303);
      assert.deepEqual(await media(), { alt: 'A blue square', caption: 'Mine' });
      // The uploader and an editor still can.
      await as.editor.get(`/admin/media/${id}`);
      assert.equal((await as.editor.post(`/admin/media/${id}`, { alt: 'A square, in blue', caption: 'Edited' })).status, 303);
      assert.deepEqual(await media(), { alt: 'A square, in blue', caption: 'Edited' });
    });

    it('#4 never lets another article’s draft remove or take over an old-URL redirect', async () => {
      const created = await as.editor.post('/admin/articles/new', { headline: 'Original address story', body: 'Body.', status: 'published' });
      const id = idFrom(created);
      const old = permalinkOn((await as.editor.get(`/admin/articles/${id}`)).text) ?? '';
      assert.match(old, /original-address-story\/$/);
      await as.editor.post(`/admin/articles/${id}`, { headline: 'Renamed story', slug: 'renamed-story', body: 'Body.', status: 'published' });
      const now = permalinkOn((await as.editor.get(`/admin/articles/${id}`)).text) ?? '';
      const redirected = async () => {
        const r = await fetch(s.url + old, { redirect: 'manual' });
        return [r.status, new URL(r.headers.get('location') ?? '/', s.url).pathname];
      };
      assert.deepEqual(await redirected(), [301, now]);
      const [, y, m, day] = /^\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(old) ?? [];
      const sameDay = `${y}-${m}-${day} 12:00`;
      // A contributor's draft at the old slug and date.
      const draft = await as.contributor.post('/admin/articles/new', {
        headline: 'Squatter',
        slug: 'original-address-story',
        body: 'x',
        status: 'draft',
        publish_at: sameDay,
      });
      assert.equal(draft.status, 303);
      assert.deepEqual(await redirected(), [301, now], 'the draft removed the redirect');
      // An author's published story at the old slug and date, then renamed.
      const taken = await as.author.post('/admin/articles/new', {
        headline: 'Takeover',
        slug: 'original-address-story',
        body: 'x',
        status: 'published',
        publish_at: sameDay,
      });
      assert.equal(taken.status, 303);
      const tid = idFrom(taken);
      assert.notEqual(permalinkOn((await as.author.get(`/admin/articles/${tid}`)).text), old, 'the author’s story lives at another address');
      await as.author.post(`/admin/articles/${tid}`, { headline: 'Takeover', slug: 'takeover-renamed', body: 'x', status: 'published', publish_at: sameDay });
      assert.deepEqual(await redirected(), [301, now], 'the old URL now leads to another story');
    });

    it('#7 mails only active moderators, and a mailed link is bound to its moderator and to the comment’s state', async () => {
      const editorId = Number((await sql(s, 'SELECT id FROM users WHERE email = ?', ['editor@example.com']))[0].id);
      const links = async (commentId: number, to: string) => {
        const rows = await sql(s, 'SELECT text FROM outbox WHERE kind = \'moderation\' AND ref = ? AND "to" = ?', [`comment:${commentId}`, to]);
        return rows.flatMap((r) => [...String(r.text).matchAll(/https?:\/\/\S+\/comments\/moderate\?\S+/g)].map((x) => new URL(x[0])));
      };
      const held = async () => {
        await setSetting(s, 'comments.hold_first_time', 'true');
        const r = await postJson(s, fields(await formOf(s)));
        assert.equal(r.body.status, 'pending');
        return r.body.id as number;
      };
      const use = (u: URL) => fetch(`${s.url}/comments/moderate`, { method: 'POST', body: new URLSearchParams(u.search) });

      // Another editor approves first: the old "spam" link then changes nothing.
      const c1 = await held();
      const spam = (await links(c1, 'editor@example.com')).find((u) => u.searchParams.get('action') === 'spam');
      assert.ok(spam, 'the editor was mailed a spam link');
      assert.equal(spam.searchParams.get('by'), String(editorId));
      await moderate(s, c1, 'approved');
      const late = await use(spam);
      assert.equal(late.status, 409);
      assert.equal(late.headers.get('x-gazette-error'), 'GAZ_ERR_LINK_STALE');
      assert.equal((await storedComment(s, c1)).status, 'approved');

      // A deactivated editor's links stop working, and no more mail goes to them.
      const c2 = await held();
      const approve = (await links(c2, 'editor@example.com')).find((u) => u.searchParams.get('action') === 'approve');
      assert.ok(approve);
      assert.equal((await as.admin.post(`/admin/users/${editorId}/deactivate`, {})).status, 303);
      const revoked = await use(approve);
      assert.equal(revoked.status, 403);
      assert.equal(revoked.headers.get('x-gazette-error'), 'GAZ_ERR_LINK_REVOKED');
      assert.equal((await storedComment(s, c2)).status, 'pending');
      const c3 = await held();
      assert.deepEqual(await links(c3, 'editor@example.com'), []);
      assert.ok((await links(c3, 'admin@example.com')).length, 'the administrator is still mailed');
      await as.admin.post(`/admin/users/${editorId}/reactivate`, {});
      as.editor = await new NewsroomClient(s.url).signIn('editor@example.com', PASSWORD);
      await setSetting(s, 'comments.hold_first_time', 'false');
    });

    it('#8 lets the owner’s known browser in while strangers’ failures from many addresses make others wait', async () => {
      const owner = new Browser(s.url);
      owner.ip = freshIp();
      assert.equal((await owner.signIn('author2@example.com', PASSWORD)).status, 303);
      await owner.post('/admin/logout', {});
      const stranger = new Browser(s.url);
      await stranger.get('/admin/login');
      for (let i = 0; i < 6; i++) {
        stranger.ip = freshIp();
        await stranger.post('/admin/login', { email: 'author2@example.com', password: `guess ${i}` });
      }
      stranger.ip = freshIp();
      assert.equal((await stranger.post('/admin/login', { email: 'author2@example.com', password: 'guess again' })).status, 429);
      owner.ip = freshIp();
      await owner.get('/admin/login');
      assert.equal((await owner.post('/admin/login', { email: 'author2@example.com', password: PASSWORD })).status, 303, 'the owner was locked out');
      // The known browser is throttled by its own failures.
      await owner.post('/admin/logout', {});
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await owner.post('/admin/login', { email: 'author2@example.com', password: `typo ${i}` })).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      await sql(s, 'DELETE FROM login_throttle');
    });

    it('#5 writes feeds that no headline or commenter name can break or inject into', async () => {
      const evilName = 'Ann]]>]]></title><link>https://evil.test/phish</link><title><![CDATA[';
      const evilHeadline = 'Two ]]> closings ]]> in one <b>headline</b>';
      const created = await as.editor.post('/admin/articles/new', { headline: evilHeadline, body: 'A body with ]]> and ]]> again.', status: 'published' });
      assert.equal(created.status, 303);
      const form = await formOf(s);
      const c = await postJson(s, fields(form, { author: evilName }));
      assert.equal(c.status, 201);
      if (c.body.status !== 'approved') await moderate(s, c.body.id, 'approved');
      for (const path of ['/feed/', '/feed/atom/', '/comments/feed/', `${ARTICLE}feed/`, '/sitemap.xml', '/news-sitemap.xml']) {
        const text = await (await fetch(s.url + path)).text();
        assert.equal(XMLValidator.validate(text), true, `${path} is well-formed`);
        assert.ok(!text.includes('evil.test/phish</link>'), `${path} carries the attacker's link`);
      }
      const comments = parseFeed(await (await fetch(s.url + '/comments/feed/')).text());
      assert.equal(comments.format, 'rss');
      const items = comments.format === 'rss' ? (comments.feed.items ?? []) : [];
      const mine = items.find((i) => (i.title ?? '').includes('Ann]]>'));
      assert.ok(mine, 'the comment is in the feed under its name as typed');
      assert.match(mine.link ?? '', new RegExp(`^${s.url}${ARTICLE}#comment-${c.body.id}$`));
      const site = parseFeed(await (await fetch(s.url + '/feed/')).text());
      const story = site.format === 'rss' ? site.feed.items?.find((i) => i.title === evilHeadline) : undefined;
      assert.ok(story, 'the headline comes back exactly');
      assert.match(story.content?.encoded ?? '', /A body with \]\]&gt; and \]\]&gt; again\.|A body with \]\]> and \]\]> again\./);
    });

    it('#12 puts the security headers on every HTML answer, and a trashed story’s preview link stops working', async () => {
      const created = await as.author.post('/admin/articles/new', {
        headline: 'Preview me',
        body: 'Look: <img src="https://remote.example/x.png">',
        status: 'draft',
      });
      const id = idFrom(created);
      const editor = await as.author.get(`/admin/articles/${id}`);
      const preview = /href="(\/preview\/\d+\/\?[^"]+)"/.exec(editor.text)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(preview, 'the editor offers a preview link');
      const shown = await fetch(s.url + preview);
      assert.equal(shown.status, 200);
      assert.match(shown.headers.get('content-security-policy') ?? '', /img-src 'self' data:/, 'remote images are blocked');
      assert.equal(shown.headers.get('x-frame-options'), 'DENY');
      assert.equal((await as.author.post(`/admin/articles/${id}/status`, { action: 'trash' })).status, 303);
      const gone = await fetch(s.url + preview);
      assert.equal(gone.status, 404);
      assert.ok(gone.headers.get('content-security-policy'), 'the refusal carries the headers too');
      const refused = await postComment(s, { article_id: '999999', author: 'A', email: 'a@example.net', comment: 'x', form_token: 'x' });
      assert.equal(refused.status, 404);
      assert.ok(refused.headers.get('content-security-policy'), 'a plain comment refusal carries the headers');
    });

    it('#13 sends sign-in on to a safe newsroom address whatever `next` holds, never a 500', async () => {
      for (const next of ['/admin/\r\nSet-Cookie: x=1', '/admin/caf\u00e9', 'https://evil.test/', '//evil.test/', '/admin\\evil']) {
        const page = await fetch(`${s.url}/admin/login?next=${encodeURIComponent(next)}`);
        assert.equal(page.status, 200, next);
        const b = new Browser(s.url);
        b.ip = freshIp();
        await b.get('/admin/login');
        const r = await b.post('/admin/login', { email: 'author@example.com', password: PASSWORD, next });
        assert.equal(r.status, 303, next);
        assert.equal(r.location, '/admin/', next);
      }
    });

    it('#14 lets an editor rename authors but not an administrator, and keeps names short', async () => {
      const adminId = Number((await sql(s, 'SELECT id FROM users WHERE email = ?', ['admin@example.com']))[0].id);
      const authorId = Number((await sql(s, 'SELECT id FROM users WHERE email = ?', ['author@example.com']))[0].id);
      await as.editor.get(`/admin/authors/${authorId}`);
      assert.equal((await as.editor.post(`/admin/authors/${adminId}`, { name: 'Renamed', slug: 'admin', bio: '' })).status, 403);
      assert.equal((await sql(s, 'SELECT name FROM users WHERE id = ?', [adminId]))[0].name, 'Site Administrator');
      const long = await as.editor.post(`/admin/authors/${authorId}`, { name: 'N'.repeat(400_000), slug: 'staff-author', bio: '' });
      assert.equal(long.status, 422);
      assert.equal((await as.editor.post(`/admin/authors/${authorId}`, { name: 'Staff author', slug: 'staff-author', bio: 'Writes.' })).status, 303);
      await as.author.get('/admin/profile');
      assert.equal((await as.author.post('/admin/profile', { name: 'M'.repeat(121), slug: 'staff-author', bio: '' })).status, 422);
    });

    it('#15 throttles guesses at the current password on the password form', async () => {
      await as.author2.get('/admin/profile');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await as.author2.post('/admin/profile/password', { current: `guess ${i}`, password: 'a-new-long-password' })).status);
      assert.deepEqual(statuses, [422, 422, 422, 422, 422, 429]);
      await sql(s, 'DELETE FROM login_throttle');
    });

    it('#17 redirects case variants to the page the site links to, and caches no other spelling', async () => {
      for (const [variant, canonical] of [
        ['/SECTION/world/', '/section/world/'],
        ['/FEED/', '/feed/'],
        ['/Feed/Atom/', '/feed/atom/'],
      ]) {
        const r = await fetch(s.url + variant, { redirect: 'manual' });
        assert.equal(r.status, 301, variant);
        assert.equal(r.headers.get('location'), canonical);
      }
      const entries = async () => Number(/^gazette_page_cache_entries (\d+)/m.exec(await (await fetch(s.url + '/metrics')).text())?.[1]);
      await setSetting(s, 'reading.per_page', '1');
      assert.equal((await fetch(`${s.url}/tag/china/page/2/`)).status, 200);
      const before = await entries();
      for (const zeros of ['0', '00', '000']) assert.equal((await fetch(`${s.url}/tag/china/page/${zeros}2/`)).status, 200);
      assert.equal(await entries(), before, 'a zero-padded page number was cached');
      await setSetting(s, 'reading.per_page', '10');
    });

    it('#19 keeps /metrics to this machine (or a token), and anonymous newsroom bodies small', async () => {
      const proxied = await fetch(s.url + '/metrics', { headers: { 'x-forwarded-for': '198.51.100.7' } });
      assert.equal(proxied.status, 401);
      assert.equal(proxied.headers.get('x-gazette-error'), 'GAZ_ERR_METRICS_UNAUTHORIZED');
      const big = await fetch(s.url + '/admin/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=a%40b.co&password=' + 'x'.repeat(100_000),
      });
      assert.equal(big.status, 413);
    });

    it('#6 draws no avatar from the email, and holds a reader comment wearing a staff identity', async () => {
      await setSetting(s, 'comments.hold_first_time', 'false');
      const form = await formOf(s);
      const regular = fields(form);
      const approved = await postJson(s, regular);
      assert.equal(approved.body.status, 'approved');
      // A query string renders the page fresh (the cached one may still be the one before the comment, within its bound).
      const page = await (await fetch(`${s.url}${ARTICLE}?fresh=1`)).text();
      const avatarOf = (html: string, id: number) => new RegExp(`id="comment-${id}"[\\s\\S]*?/avatar/([\\w-]+)\\.svg`).exec(html)?.[1];
      const theirs = avatarOf(page, approved.body.id);
      assert.ok(theirs, 'the approved comment has an avatar');
      // The attacker's held comment, with the regular's address, as shown to the attacker.
      await setSetting(s, 'comments.hold_first_time', 'true');
      const probe = await postComment(s, fields(form, { email: regular.email }));
      assert.equal(probe.status, 303);
      const probeId = Number(/unapproved=(\d+)/.exec(probe.headers.get('location') ?? '')?.[1]);
      const shown = await (await fetch(s.url + (probe.headers.get('location') ?? '').split('#')[0])).text();
      const mine = avatarOf(shown, probeId);
      assert.ok(mine, 'the held comment is shown to its writer with an avatar');
      assert.notEqual(mine, theirs, 'the avatar confirms the guessed address');
      await setSetting(s, 'comments.hold_first_time', 'false');
      // Staff names and addresses are the staff's: a reader's comment wearing one waits.
      const wearing: Record<string, string>[] = [{ author: 'Site Administrator' }, { email: 'ADMIN@example.com' }, { author: 'staff  EDITOR' }];
      for (const wear of wearing) {
        const r = await postJson(s, fields(form, wear));
        assert.equal(r.status, 201);
        assert.equal(r.body.status, 'pending', JSON.stringify(wear));
        assert.equal((await storedComment(s, r.body.id)).decided_by, 'staff-identity');
      }
    });
  });
}
