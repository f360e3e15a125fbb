/**
 * The front page is the editors' to arrange: a pinned lead, top stories in their order (by the
 * Up/Down buttons or the order a drag sends), the newest stories after them, and a breaking-news
 * banner until it is taken down; with nothing picked the front page is the newest stories.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { NewsroomClient } from './helpers/newsroom-client.js';

/** Headlines of the front page in reading order: the lead, then the others. */
async function frontOrder(s: TestServer): Promise<{ lead: string; all: string[]; html: string }> {
  const html = await (await fetch(s.url + '/')).text();
  const lead = /<section class="front-lead"[\s\S]*?<a[^>]*>([^<]+)<\/a>/.exec(html)?.[1] ?? '';
  const all = [...html.matchAll(/class="story-headline[^"]*"[^>]*>\s*<a[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
  return { lead, all, html };
}

for (const d of DIALECTS) {
  describe(`the front page follows the editors (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let desk: NewsroomClient;
    const ids: Record<string, number> = {};
    before(async () => {
      s = await startServer(d.name, { args: ['--no-sample'] });
      const r = await s.cli(['user', 'create', '--email', 'editor@example.com', '--role', 'editor', '--password', 'correct horse battery']);
      assert.equal(r.status, 0, r.stderr);
      desk = await new NewsroomClient(s.url).signIn('editor@example.com', 'correct horse battery');
      const day = 86400_000;
      for (const [i, name] of ['Oldest story', 'Middle story', 'Newest story'].entries()) {
        const at = new Date(Date.now() - (3 - i) * day).toISOString().slice(0, 16);
        const created = await desk.post(
          '/admin/articles/new',
          { headline: name, body: `${name} text.`, status: 'published', publish_at: at },
          { accept: 'application/json' },
        );
        assert.equal(created.status, 201, created.text);
        ids[name] = created.json<{ id: number }>().id;
      }
    });
    after(async () => {
      await s?.close();
    });

    it('shows the newest story as the lead while nothing is picked', async () => {
      const f = await frontOrder(s);
      assert.equal(f.lead, 'Newest story');
      assert.deepEqual(f.all.slice(0, 3), ['Newest story', 'Middle story', 'Oldest story']);
      await desk.get('/admin/front');
      assert.match((await desk.get('/admin/front')).text, /No stories are picked/);
    });

    it('pins the lead and orders the top stories, the rest following newest first', async () => {
      await desk.get('/admin/front');
      const add = async (name: string, lead = false) =>
        assert.equal((await desk.post('/admin/front/picks', { op: 'add', article_id: String(ids[name]), ...(lead ? { lead: '1' } : {}) })).status, 303);
      await add('Oldest story', true);
      await add('Middle story');
      let f = await frontOrder(s);
      assert.equal(f.lead, 'Oldest story');
      assert.deepEqual(f.all.slice(0, 3), ['Oldest story', 'Middle story', 'Newest story']);

      // Keyboard and no-script path: Down on the lead moves it after Middle; the lead stays pinned.
      assert.equal((await desk.post('/admin/front/picks', { op: 'down', article_id: String(ids['Oldest story']) })).status, 303);
      f = await frontOrder(s);
      assert.equal(f.lead, 'Oldest story', 'the pinned lead leads wherever it sits in the order');
      assert.deepEqual(f.all.slice(1, 3), ['Middle story', 'Newest story']);

      // The order a drag sends, answered in JSON; then the lead unpinned.
      const dragged = await desk.post(
        '/admin/front/picks',
        { op: 'order', order: [String(ids['Middle story']), String(ids['Oldest story'])] },
        { accept: 'application/json' },
      );
      assert.equal(dragged.status, 200);
      await desk.post('/admin/front/picks', { op: 'unlead', article_id: String(ids['Oldest story']) });
      f = await frontOrder(s);
      assert.equal(f.lead, 'Middle story', 'without a pinned lead the first pick leads');
      assert.deepEqual(f.all.slice(0, 3), ['Middle story', 'Oldest story', 'Newest story']);
    });

    it('skips a pick readers cannot see until they can see it again', async () => {
      assert.equal((await desk.post(`/admin/articles/${ids['Middle story']}/status`, { action: 'unpublish' })).status, 303);
      let f = await frontOrder(s);
      assert.equal(f.lead, 'Oldest story');
      assert.ok(!f.all.includes('Middle story'));
      assert.match((await desk.get('/admin/front')).text, /Middle story<span class="pick-note">/);
      await desk.post(`/admin/articles/${ids['Middle story']}/status`, { action: 'publish' });
      f = await frontOrder(s);
      assert.equal(f.lead, 'Middle story', 'back in its place once published again');
    });

    it('puts up a breaking-news banner and takes it down', async () => {
      await desk.get('/admin/front');
      const refused = await desk.post('/admin/front/banner', { text: '', url: 'javascript:alert(1)', expires_at: '2001-01-01T00:00' });
      assert.equal(refused.status, 422);
      assert.equal(refused.headers.get('x-gazette-error'), 'GAZ_ERR_VALIDATION');
      assert.match(refused.text, /id="f-text-error"/);
      assert.match(refused.text, /id="f-url-error"/);
      assert.match(refused.text, /id="f-expires_at-error"/);
      const until = new Date(Date.now() + 3600_000).toISOString().slice(0, 16);
      const ok = await desk.post('/admin/front/banner', { text: 'Storm closes the harbour road', url: '/section/news/', expires_at: until });
      assert.equal(ok.status, 303);
      let f = await frontOrder(s);
      assert.match(f.html, /<section class="breaking"[^>]*>[\s\S]*Breaking[\s\S]*<a href="\/section\/news\/">Storm closes the harbour road<\/a>/);
      assert.equal((await desk.post('/admin/front/banner/clear', {})).status, 303);
      f = await frontOrder(s);
      assert.doesNotMatch(f.html, /class="breaking"/);
    });

    it('is the editors’: an author may not arrange the front page', async () => {
      assert.equal((await s.cli(['user', 'create', '--email', 'author@example.com', '--role', 'author', '--password', 'correct horse battery'])).status, 0);
      const author = await new NewsroomClient(s.url).signIn('author@example.com', 'correct horse battery');
      assert.equal((await author.get('/admin/front')).status, 403);
      assert.equal((await author.post('/admin/front/picks', { op: 'add', article_id: String(ids['Newest story']) })).status, 403);
    });
  });
}
