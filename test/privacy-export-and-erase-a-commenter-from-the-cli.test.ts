import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE_PATH, postComment, sampleArticleId, setSettings, withDb } from './helpers/mail-tests.js';

interface Export {
  email: string;
  comments: { id: number; article: { url: string }; email: string; author: string; website: string; body: string }[];
  subscription: { state: string } | null;
  mail: { kind: string; to: string }[];
}

for (const d of DIALECTS) {
  describe(`gazette privacy export|erase (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    let carolFirst: number;
    let daveReply: number;
    const carol = 'carol.commenter@example.org';
    const name = 'Carol Unmistakable';

    before(async () => {
      s = await startServer(d.name);
      await setSettings(s, { 'comments.min_form_seconds': '0', 'comments.flood_seconds': '0', 'comments.hold_first_time': 'false' });
      const article_id = await sampleArticleId(s);
      carolFirst = (
        await postComment(s, {
          article_id,
          author: name,
          email: carol,
          url: 'https://carol.example.org/',
          comment: 'Carol opens the thread here.',
          notify: true,
        })
      ).id;
      await postComment(s, { article_id, author: name, email: carol, comment: 'Carol says one more thing.' });
      daveReply = (
        await postComment(s, { article_id, parent_id: carolFirst, author: 'Dave Answerer', email: 'dave@example.com', comment: 'Dave answers Carol.' })
      ).id;
    });
    after(async () => {
      await s?.close();
    });

    it('exports every comment, the subscription and the mail of an address as JSON', async () => {
      const r = await s.cli(['privacy', 'export', carol.toUpperCase()]);
      assert.equal(r.status, 0, r.stderr);
      const data = JSON.parse(r.stdout) as Export;
      assert.equal(data.comments.length, 2);
      for (const c of data.comments) {
        assert.equal(c.email, carol);
        assert.equal(c.author, name);
        assert.equal(new URL(c.article.url).pathname, ARTICLE_PATH);
      }
      assert.equal(data.comments[0].website, 'https://carol.example.org/');
      assert.equal(data.subscription?.state, 'awaiting confirmation');
      assert.deepEqual(
        data.mail.map((m) => m.kind),
        ['confirm'],
      );
    });

    it('writes the export to a file readable by its owner only with --out', async () => {
      const file = join(s.dataDir, 'carol.json');
      const r = await s.cli(['privacy', 'export', carol, '--out', file]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal((JSON.parse(readFileSync(file, 'utf8')) as Export).comments.length, 2);
      assert.equal(statSync(file).mode & 0o077, 0);
    });

    it('anonymises the comments, keeps the thread and deletes subscription and mail', async () => {
      const r = await s.cli(['privacy', 'erase', carol]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /2 comment\(s\) on 1 article\(s\) anonymised, 1 subscription\(s\) and 1 mail message\(s\) deleted/);
      await withDb(s, async (db) => {
        const rows = await db
          .selectFrom('comments')
          .select(['author', 'email', 'url', 'ip_hash', 'user_agent', 'status'])
          .where('body', 'like', 'Carol %')
          .execute();
        assert.equal(rows.length, 2);
        for (const c of rows) assert.deepEqual(c, { author: 'Anonymous', email: '', url: '', ip_hash: '', user_agent: '', status: 'approved' });
        const reply = await db.selectFrom('comments').select('parent_id').where('id', '=', daveReply).executeTakeFirstOrThrow();
        assert.equal(reply.parent_id, carolFirst);
        assert.equal((await db.selectFrom('subscriptions').selectAll().execute()).length, 0);
        assert.equal((await db.selectFrom('outbox').selectAll().where('to', '=', carol).execute()).length, 0);
      });
      const html = await (await fetch(s.url + ARTICLE_PATH)).text();
      assert.ok(!html.includes(name), 'the erased name is still on the article page');
      assert.ok(!html.includes('carol.example.org'), 'the erased website is still on the article page');
      assert.match(html, /Carol opens the thread here\./);
      assert.match(html, /Dave answers Carol\./);
      assert.match(html, /Anonymous/);
    });

    it('finds nothing left to export afterwards, and refuses something that is not an address', async () => {
      const data = JSON.parse((await s.cli(['privacy', 'export', carol])).stdout) as Export;
      assert.deepEqual([data.comments, data.subscription, data.mail], [[], null, []]);
      assert.notEqual((await s.cli(['privacy', 'erase', 'not-an-address'])).status, 0);
    });
  });
}
