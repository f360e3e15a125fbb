import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE, asWriter, fields, formOf, liftLimits, postJson, type StoredComment } from './helpers/comments.js';

for (const d of DIALECTS) {
  describe(`gazette comments (${d.name})`, { skip: d.skip }, () => {
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

    it('lists comments as JSON with the deciding phase, filtered by status', async () => {
      const posted = await postJson(s, fields(form, { hp_website: 'x' }));
      // This test is about the command itself, so it asks the command.
      const list = async (...args: string[]) => JSON.parse((await s.cli(['comments', 'list', '--json', ...args])).stdout) as StoredComment[];
      const all = await list();
      const spam = await list('--status', 'spam');
      const c = spam.find((x) => x.id === posted.body.id);
      assert.ok(c);
      assert.equal(c.decided_by, 'honeypot');
      for (const key of ['id', 'article_id', 'author', 'email', 'status', 'decided_by', 'reason', 'created_at']) assert.ok(key in c, key);
      assert.ok(spam.every((x) => x.status === 'spam'));
      assert.ok(all.length > spam.length);
      const text = await s.cli(['comments', 'list', '--status', 'spam']);
      assert.equal(text.status, 0);
      assert.match(text.stdout, new RegExp(`^${posted.body.id}\\tspam\\t`, 'm'));
      assert.notEqual((await s.cli(['comments', 'list', '--status', 'nonsense'])).status, 0);
    });

    it('approve, spam and trash change what the running site shows at its next request', async () => {
      const words = `Moderated from a shell ${Math.random().toString(36).slice(2)}`;
      const { body } = await postJson(s, fields(form, { comment: words }));
      assert.equal(body.status, 'approved');
      assert.ok((await (await fetch(s.url + ARTICLE, asWriter())).text()).includes(words));
      for (const [action, visible] of [
        ['spam', false],
        ['approve', true],
        ['trash', false],
        ['approve', true],
      ] as const) {
        const r = await s.cli(['comments', action, String(body.id)]);
        assert.equal(r.status, 0, r.stderr);
        const html = await (await fetch(s.url + ARTICLE)).text();
        assert.equal(html.includes(words), visible, `after ${action}`);
      }
    });

    it('fails with GAZ_ERR_COMMENT_NOT_FOUND for an unknown comment', async () => {
      const r = await s.cli(['comments', 'approve', '99999999']);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /GAZ_ERR_COMMENT_NOT_FOUND/);
    });
  });
}
