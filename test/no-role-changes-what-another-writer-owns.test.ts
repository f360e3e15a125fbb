/**
 * Ownership is checked where data changes, not only where it is deleted. Every state-changing admin
 * route (read from the registry, so a route added later is walked too), called by every role that
 * does not own them, over an author's articles (published and draft), image and profile, with a
 * body that tries to change each: afterwards every one of the author's rows is as it was.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { Browser, sql } from './helpers/admin.js';
import { adminRoutes } from '../src/newsroom/routes.js';
import { isStateChanging } from '../src/newsroom/registry.js';

const PASSWORD = 'correct horse battery';
/** Routes that act on the caller's own session, not on anyone's content. */
const SESSION_ROUTES = new Set(['/admin/logout', '/admin/logout-everywhere', '/admin/login', '/admin/password/forgot', '/admin/password/set']);

/** A body that tries to change whatever the route changes. */
function hostileBody(id: number, mediaId: number): Record<string, string | string[]> {
  return {
    headline: 'Hijacked',
    body: 'Hijacked body',
    slug: 'hijacked',
    status: 'published',
    action: 'trash',
    ids: [String(id)],
    alt: 'Hijacked alt',
    caption: 'Hijacked caption',
    featured_media_id: String(mediaId),
    featured_alt: 'Hijacked alt',
    featured_caption: 'Hijacked caption',
    name: 'Hijacked name',
    bio: 'Hijacked bio',
    photo_media_id: String(mediaId),
    force: '1',
    role: 'administrator',
    author_ids: ['1'],
  };
}

for (const d of DIALECTS) {
  describe(`no role changes what another writer owns (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    const as = new Map<string, Browser>();
    let ownerId = 0;
    let published = 0;
    let draft = 0;
    let mediaId = 0;

    before(async () => {
      s = await startServer(d.name);
      for (const who of ['owner', 'contributor', 'author']) {
        const role = who === 'owner' ? 'author' : who;
        const r = await s.cli(['user', 'create', '--email', `${who}@example.com`, '--role', role, '--password', PASSWORD, '--name', `The ${who}`]);
        assert.equal(r.status, 0, r.stderr);
        const b = new Browser(s.url);
        assert.equal((await b.signIn(`${who}@example.com`, PASSWORD)).status, 303);
        as.set(who, b);
      }
      const owner = as.get('owner') as Browser;
      ownerId = Number((await sql(s, 'SELECT id FROM users WHERE email = ?', ['owner@example.com']))[0].id);
      // The owner's image, a published story featuring it, and a draft.
      const img = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#963' } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('_csrf', owner.csrf);
      form.append('alt', 'The owner’s words');
      form.append('file', new Blob([new Uint8Array(img)], { type: 'image/png' }), 'owned.png');
      const cookie = [...owner.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
      const up = await fetch(s.url + '/admin/media', { method: 'POST', body: form, headers: { cookie, accept: 'application/json' } });
      assert.equal(up.status, 201);
      mediaId = ((await up.json()) as { id: number }).id;
      const pub = await owner.post('/admin/articles/new', {
        headline: 'The owner’s published story',
        body: 'Owned.',
        status: 'published',
        featured_media_id: String(mediaId),
        featured_alt: 'The owner’s words',
      });
      assert.equal(pub.status, 303);
      published = Number(/(\d+)$/.exec(pub.location ?? '')?.[1]);
      const dr = await owner.post('/admin/articles/new', { headline: 'The owner’s draft', body: 'Draft.', status: 'draft' });
      draft = Number(/(\d+)$/.exec(dr.location ?? '')?.[1]);
      assert.ok(published > 0 && draft > 0 && mediaId > 0);
    });
    after(async () => {
      await s?.close();
    });

    /** Everything the owner owns, as stored. */
    const snapshot = async () =>
      JSON.stringify({
        articles: await sql(
          s,
          'SELECT id, headline, slug, body, status, published_at, featured_media_id, section_id FROM articles WHERE id IN (?, ?) ORDER BY id',
          [published, draft],
        ),
        authors: await sql(s, 'SELECT article_id, user_id FROM article_authors WHERE article_id IN (?, ?) ORDER BY article_id, user_id', [published, draft]),
        media: await sql(s, 'SELECT id, alt, caption, path FROM media WHERE id = ?', [mediaId]),
        profile: await sql(s, 'SELECT id, name, slug, bio, role, email, disabled_at, photo_media_id FROM users WHERE id = ?', [ownerId]),
        redirects: await sql(s, 'SELECT path, article_id FROM redirects WHERE article_id IN (?, ?) ORDER BY path', [published, draft]),
      });

    it('walks every state-changing route as a contributor and as another author, and the owner’s things stay as they were', async () => {
      const before = await snapshot();
      const routes = adminRoutes().filter((r) => isStateChanging(r.method) && !SESSION_ROUTES.has(r.path));
      assert.ok(routes.length > 15, `only ${routes.length} state-changing routes`);
      let calls = 0;
      for (const who of ['contributor', 'author']) {
        const b = as.get(who) as Browser;
        for (const r of routes) {
          // Each id the route could take: the owner's published story, draft, image and account.
          for (const id of r.path.includes(':') ? [published, draft, mediaId, ownerId] : [published]) {
            const path = r.path.replace(/:rid\b/, '1').replace(/:[a-zA-Z_]+/g, String(id));
            await b.get('/admin/profile');
            const res = await b.post(path, hostileBody(id, mediaId));
            assert.ok(res.status < 500, `${who} ${r.method} ${path}: ${res.status}`);
            calls++;
          }
        }
      }
      assert.equal(await snapshot(), before, `after ${calls} calls`);
    });
  });
}
