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
  });
}
