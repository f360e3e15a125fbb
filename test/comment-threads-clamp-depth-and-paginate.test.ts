import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE, asWriter, fields, formOf, liftLimits, listComments, moderate, postComment, postJson, setSetting, storedComment } from './helpers/comments.js';

for (const d of DIALECTS) {
  describe(`comment threads and pages (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let form: { articleId: number; token: string };
    before(async () => {
      s = await startServer(d.name);
      form = await formOf(s);
      await liftLimits(s);
    });
    after(async () => {
      await s?.close();
    });

    it('attaches a reply deeper than comments.thread_depth at the deepest allowed level', async () => {
      await setSetting(s, 'comments.thread_depth', '3');
      try {
        const ids: number[] = [];
        let parent = '0';
        for (let level = 1; level <= 5; level++) {
          const r = await postJson(s, fields(form, { parent_id: parent }));
          assert.equal(r.status, 201, JSON.stringify(r.body));
          ids.push(r.body.id);
          parent = String(r.body.id);
        }
        const parents = await Promise.all(ids.map(async (id) => (await storedComment(s, id)).parent_id));
        // Levels 1-3 nest; levels 4 and 5 both sit at level 3, under the level-2 comment.
        assert.deepEqual(parents, [null, ids[0], ids[1], ids[1], ids[1]]);
      } finally {
        await setSetting(s, 'comments.thread_depth', '5');
      }
    });

    it('renders ?replytocom=ID as "Reply to NAME" with "Cancel reply", and refuses a reply to a held comment', async () => {
      const f = fields(form, { author: 'Replied Reader' });
      const r = await postJson(s, f);
      const html = await (await fetch(`${s.url}${ARTICLE}?replytocom=${r.body.id}`)).text();
      assert.match(html, /Reply to Replied Reader/);
      assert.match(html, /Cancel reply/);
      assert.match(html, new RegExp(`name="parent_id"[^>]*value="${r.body.id}"|value="${r.body.id}"[^>]*name="parent_id"`));
      await setSetting(s, 'comments.hold_first_time', 'true');
      try {
        const held = await postJson(s, fields(form));
        assert.equal(held.body.status, 'pending');
        const reply = await postJson(s, fields(form, { parent_id: String(held.body.id) }));
        assert.equal(reply.status, 422);
        assert.equal(reply.body.code, 'GAZ_ERR_COMMENT_PARENT_INVALID');
      } finally {
        await setSetting(s, 'comments.hold_first_time', 'false');
      }
    });

    it('paginates top-level comments at comment-page-N/ with the right canonical links and order', async () => {
      // Start from a count we know: everything so far goes to the trash.
      for (const c of await listComments(s, 'approved')) await moderate(s, c.id, 'trash');
      await setSetting(s, 'comments.per_page', '2');
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await postJson(s, fields(form, { comment: `Paged comment ${i}` }))).body.id);
      const reply = (await postJson(s, fields(form, { parent_id: String(ids[2]), comment: 'A reply on page two' }))).body.id;

      const first = await (await fetch(s.url + ARTICLE, asWriter())).text();
      assert.match(first, new RegExp(`<link rel="canonical" href="[^"]*${ARTICLE}"`));
      assert.ok(first.includes(`id="comment-${ids[0]}"`) && first.includes(`id="comment-${ids[1]}"`));
      assert.ok(!first.includes(`id="comment-${ids[2]}"`));
      assert.match(first, new RegExp(`href="${ARTICLE}comment-page-2/#comments"`));

      const second = await fetch(`${s.url}${ARTICLE}comment-page-2/`);
      assert.equal(second.status, 200);
      const html2 = await second.text();
      assert.match(html2, new RegExp(`<link rel="canonical" href="[^"]*${ARTICLE}comment-page-2/"`));
      for (const id of [ids[2], ids[3], reply]) assert.ok(html2.includes(`id="comment-${id}"`), `comment ${id} on page 2`);
      assert.ok(!html2.includes(`id="comment-${ids[0]}"`));

      assert.equal((await fetch(`${s.url}${ARTICLE}comment-page-3/`)).status, 200);
      assert.equal((await fetch(`${s.url}${ARTICLE}comment-page-4/`)).status, 404);
      const one = await fetch(`${s.url}${ARTICLE}comment-page-1/`, { redirect: 'manual' });
      assert.equal(one.status, 301);
      assert.equal(one.headers.get('location'), ARTICLE);

      // A new comment's redirect goes to the page that shows it.
      const last = await postComment(s, fields(form, { comment: 'Sixth, on page three' }));
      assert.match(last.headers.get('location') ?? '', new RegExp(`^${ARTICLE}comment-page-3/#comment-\\d+$`));

      await setSetting(s, 'comments.order', 'newest');
      const newest = await (await fetch(s.url + ARTICLE)).text();
      const lastId = Number(/#comment-(\d+)$/.exec(last.headers.get('location')!)![1]);
      assert.ok(newest.includes(`id="comment-${lastId}"`), 'newest first puts the latest comment on page 1');
      assert.ok(!newest.includes(`id="comment-${ids[0]}"`));
    });

    it('sends each writer of comments posted at once to the page that shows theirs, in either order', async () => {
      for (const c of await listComments(s, 'approved')) await moderate(s, c.id, 'trash');
      await setSetting(s, 'comments.per_page', '2');
      await setSetting(s, 'comments.order', 'oldest');
      // A reply whose parent went to the trash stands as a root of its own, and counts as one.
      const parent = (await postJson(s, fields(form, { comment: 'A parent, soon in the trash' }))).body.id;
      await postJson(s, fields(form, { parent_id: String(parent), comment: 'Its reply, left standing' }));
      await moderate(s, parent, 'trash');
      const pageOf = (location: string) => Number(/comment-page-(\d+)\//.exec(location)?.[1] ?? 1);
      const shows = async (location: string, id: number) =>
        (await (await fetch(s.url + location.split('#')[0], asWriter())).text()).includes(`id="comment-${id}"`);

      // Oldest first: a page, once given, keeps showing the comment as others arrive.
      const oldest = await Promise.all(Array.from({ length: 7 }, (_, i) => postJson(s, fields(form, { comment: `Posted at once, oldest first, ${i}` }))));
      for (const p of oldest) assert.ok(await shows(p.body.location, p.body.id), `comment ${p.body.id} is on ${p.body.location}`);

      // Newest first: later comments push earlier ones back, so each was on its page when posted,
      // and is now there or further back; the newest is on the first.
      await setSetting(s, 'comments.order', 'newest');
      const newest = await Promise.all(Array.from({ length: 7 }, (_, i) => postJson(s, fields(form, { comment: `Posted at once, newest first, ${i}` }))));
      const html = await Promise.all(
        [1, 2, 3, 4, 5, 6, 7].map(async (n) => (await fetch(`${s.url}${ARTICLE}${n > 1 ? `comment-page-${n}/` : ''}`, asWriter())).text()),
      );
      for (const p of newest) {
        const now = html.findIndex((h) => h.includes(`id="comment-${p.body.id}"`)) + 1;
        assert.ok(now >= pageOf(p.body.location), `comment ${p.body.id}: sent to ${p.body.location}, now on page ${now}`);
      }
      const last = newest.reduce((a, b) => (b.body.id > a.body.id ? b : a));
      assert.equal(pageOf(last.body.location), 1, 'the newest comment was sent to the first page');

      // A root from a clock ahead elsewhere is the newest: writers are still sent to the right page.
      await setSetting(s, 'comments.order', 'oldest');
      const ahead = (await postJson(s, fields(form, { comment: 'Written by a node whose clock is ahead' }))).body.id;
      await (await s.site()).kysely
        .updateTable('comments')
        .set({ created_at: Date.now() + 3_600_000 })
        .where('id', '=', ahead)
        .execute();
      const after = await Promise.all(Array.from({ length: 3 }, (_, i) => postJson(s, fields(form, { comment: `Posted after it, ${i}` }))));
      for (const p of after) assert.ok(await shows(p.body.location, p.body.id), `comment ${p.body.id} is on ${p.body.location}`);
    });
  });
}
