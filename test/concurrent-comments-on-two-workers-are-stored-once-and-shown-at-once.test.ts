import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE, fields, formOf, freshToken, liftLimits, listComments, postComment, postJson, setSetting } from './helpers/comments.js';
import { openSite } from './helpers/site-db.js';

const WRITERS = 96;
const AT_ONCE = 32;

/**
 * A GET on a new connection, so the cluster hands it to either worker, not the one that posted,
 * with the cookie the writer got with their comment.
 */
function getFresh(url: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { cookie } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

for (const d of DIALECTS) {
  describe(`concurrent comments on two workers (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name, { env: { WORKERS: '2' } });
      await liftLimits(s);
      // Every comment on the article URL itself, so each one can be looked for there.
      await setSetting(s, 'comments.per_page', '1000');
    });
    after(async () => {
      await s?.close();
    });

    it('stores each of many simultaneous posts from distinct writers once, and shows it on the very next request', async () => {
      const { articleId } = await formOf(s);
      const token = await freshToken(s, articleId);
      const acknowledged: { id: number; author: string }[] = [];
      let next = 0;
      const poster = async () => {
        while (next < WRITERS) {
          const i = next++;
          const f = fields({ articleId, token });
          let id: number;
          let cookie: string;
          if (i % 2) {
            // The form, as a browser posts it: 303 to the comment.
            const r = await postComment(s, f);
            assert.equal(r.status, 303, `post ${i}`);
            id = Number(/#comment-(\d+)$/.exec(r.headers.get('location') ?? '')?.[1]);
            cookie = r.headers.get('set-cookie') ?? '';
          } else {
            const r = await postJson(s, f);
            assert.equal(r.status, 201, `post ${i}: ${JSON.stringify(r.body)}`);
            assert.equal(r.body.status, 'approved');
            id = r.body.id;
            cookie = r.headers.get('set-cookie') ?? '';
          }
          assert.match(cookie, /^gz_wrote=\d+;/, 'the writer gets the cookie that shows them their comment at once');
          assert.ok(id > 0, `post ${i} names its comment`);
          acknowledged.push({ id, author: f.author });
          const page = await getFresh(s.url + ARTICLE, cookie.slice(0, cookie.indexOf(';')));
          assert.equal(page.status, 200);
          assert.ok(page.body.includes(`id="comment-${id}"`), `comment ${id} is on the article page at the first request after it was acknowledged`);
        }
      };
      await Promise.all(Array.from({ length: AT_ONCE }, poster));

      assert.equal(acknowledged.length, WRITERS);
      assert.equal(new Set(acknowledged.map((a) => a.id)).size, WRITERS, 'every acknowledgement names its own comment');
      const stored = await listComments(s);
      for (const a of acknowledged) {
        const rows = stored.filter((c) => c.author === a.author);
        assert.equal(rows.length, 1, `${a.author} is stored exactly once`);
        assert.equal(rows[0].id, a.id);
        assert.equal(rows[0].status, 'approved');
      }
    });

    it('sends each of many simultaneous writers to the comment page that shows their comment', async () => {
      // Three to a page: the comments posted together share batches and spread over many pages.
      await setSetting(s, 'comments.per_page', '3');
      try {
        const { articleId } = await formOf(s);
        const token = await freshToken(s, articleId);
        const seen: string[] = [];
        await Promise.all(
          Array.from({ length: 12 }, async (_, i) => {
            const f = fields({ articleId, token });
            // The form (303 to the comment) and the script (its JSON names where the comment is).
            const form = i % 2 ? await postComment(s, f) : null;
            const json = form ? null : await postJson(s, f);
            const location = form ? (form.headers.get('location') ?? '') : String(json!.body.location);
            const cookie = (form ?? json)!.headers.get('set-cookie') ?? '';
            const m = /^(\/[^#]*)#comment-(\d+)$/.exec(location);
            assert.ok(m, `post ${i} answered with ${location}`);
            const page = await getFresh(s.url + m[1], cookie.slice(0, cookie.indexOf(';')));
            assert.equal(page.status, 200, location);
            assert.ok(page.body.includes(`id="comment-${m[2]}"`), `comment ${m[2]} is on ${m[1]}`);
            seen.push(m[1]);
          }),
        );
        assert.ok(new Set(seen).size >= 4, `the writers went to several pages: ${[...new Set(seen)].join(', ')}`);
      } finally {
        await setSetting(s, 'comments.per_page', '1000');
      }
    });

    it('writes comments that pour in 10 ms apart in shared transactions, each acknowledged', {
      skip: d.name !== 'sqlite' && 'counted by the invalidation rows SQLite records, one per write transaction (the same batcher writes on PostgreSQL)',
    }, async () => {
      // Each alone, 30 comments would be 30 transactions (and 30 fsyncs, 30 invalidations every
      // worker reads). A batch waits up to BATCH_SPACING_MS after the one before it for others.
      const COUNT = 30;
      const { articleId } = await formOf(s);
      const token = await freshToken(s, articleId);
      const deps = await openSite(s);
      try {
        const rows = async () =>
          Number(
            (
              await deps.kysely
                .selectFrom('invalidations')
                .select((e) => e.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        const before = await rows();
        const sent: Promise<{ status: number; body: { status: string } }>[] = [];
        for (let i = 0; i < COUNT; i++) {
          sent.push(postJson(s, fields({ articleId, token })));
          await new Promise((r) => setTimeout(r, 10));
        }
        for (const [i, r] of (await Promise.all(sent)).entries()) {
          assert.equal(r.status, 201, `post ${i}`);
          assert.equal(r.body.status, 'approved', `post ${i}`);
        }
        const transactions = (await rows()) - before;
        assert.ok(transactions >= 1 && transactions <= (2 * COUNT) / 3, `${COUNT} comments 10 ms apart took ${transactions} transactions`);
      } finally {
        await deps.close();
      }
    });

    it('still refuses the same comment posted twice at the same moment', async () => {
      const { articleId } = await formOf(s);
      const token = await freshToken(s, articleId);
      const f = fields({ articleId, token });
      const answers = await Promise.all(Array.from({ length: 6 }, () => postJson(s, f)));
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409]);
      assert.equal((await listComments(s)).filter((c) => c.author === f.author).length, 1);
    });
  });
}
