/**
 * The story everyone reads while its comments pour in: the page cache keeps answering it (one
 * render in flight per page, others get the page of a moment earlier), the writer sees their
 * comment at their next request, every other reader within STORY_BOUND_MS, and a render that fails
 * answers the last good page.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import Database from 'better-sqlite3';
import pg from 'pg';
import { CARD_BOUND_MS, STORY_BOUND_MS } from '../src/runtime/page-cache.js';
import { DIALECTS, startServer, type TestServer } from './helpers/server.js';
import { ARTICLE, fields, formOf, liftLimits, postComment, postJson } from './helpers/comments.js';

/** A counter of the page cache from /metrics (`misses`: every render is a miss). */
async function counter(s: TestServer, name: 'misses' | 'stale_on_error'): Promise<number> {
  const text = await (await fetch(s.url + '/metrics')).text();
  const m = new RegExp(`^gazette_page_cache_${name}_total (\\d+)$`, 'm').exec(text);
  assert.ok(m, `${name} is in /metrics`);
  return Number(m[1]);
}
const renders = (s: TestServer) => counter(s, 'misses');

/** A GET on its own connection. */
function get(url: string, headers: Record<string, string> = {}, agent: http.Agent | false = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** `readers` keep-alive clients reading `path` until `stop()`; resolves with every answer's status. */
function readLoop(s: TestServer, path: string, readers: number): { stop(): Promise<number[]> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: readers });
  const statuses: number[] = [];
  let running = true;
  const loops = Array.from({ length: readers }, async () => {
    while (running) statuses.push((await get(s.url + path, {}, agent)).status);
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return statuses;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const d of DIALECTS) {
  describe(`a hot story in the page cache (${d.name})`, { skip: d.skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await startServer(d.name);
      await liftLimits(s);
    });
    after(async () => {
      await s?.close();
    });

    it('renders a page once for many readers who all miss it at the same moment', async () => {
      const before = await renders(s);
      const answers = await Promise.all(Array.from({ length: 48 }, () => get(s.url + ARTICLE)));
      assert.equal(await renders(s), before + 1, 'one render for 48 simultaneous misses');
      assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
      assert.equal(new Set(answers.map((a) => a.body)).size, 1, 'every reader got the same page');
    });

    it('never gives a writer a page rendered before their comment, even one this server has not heard has changed', async () => {
      // What a process that has not yet heard of a write looks like (one that just started
      // listening, or one a write stopped waiting for): the page changed in the database, and no
      // invalidation says so. (Before any comment here, so the cached page is fresh.)
      const { articleId } = await formOf(s);
      const cached = await get(s.url + ARTICLE);
      assert.equal(cached.status, 200);
      const mark = `Unheard ${Date.now()}`;
      if (d.name === 'sqlite') {
        const db = new Database(s.databaseUrl.slice('sqlite:'.length));
        try {
          db.prepare("UPDATE articles SET headline = headline || ' ' || ? WHERE id = ?").run(mark, articleId);
        } finally {
          db.close();
        }
      } else {
        const c = new pg.Client({ connectionString: s.databaseUrl });
        await c.connect();
        try {
          await c.query(`UPDATE articles SET headline = headline || ' ' || $1 WHERE id = $2`, [mark, articleId]);
        } finally {
          await c.end();
        }
      }
      const reader = await get(s.url + ARTICLE);
      assert.equal(reader.body, cached.body, 'a reader still gets the cached page: the server has not heard of the change');
      const writer = await get(s.url + ARTICLE, { cookie: `gz_wrote=${Date.now()}` });
      assert.equal(writer.status, 200);
      assert.ok(writer.body.includes(mark), 'a writer gets the page rendered after their comment');
      const later = await get(s.url + ARTICLE, { cookie: `gz_wrote=${Date.now()}` });
      assert.ok(later.body.includes(mark), 'and again at their next request');
    });

    it('keeps the page cached while comments arrive: at most one render per comment, however many readers', async () => {
      const form = await formOf(s);
      const comments = 40;
      const before = await renders(s);
      const readers = readLoop(s, ARTICLE, 16);
      const ids: number[] = [];
      for (let i = 0; i < comments; i++) {
        const r = await postJson(s, fields(form));
        assert.equal(r.status, 201);
        ids.push(r.body.id);
      }
      const statuses = await readers.stop();
      const rendered = (await renders(s)) - before;
      assert.ok(statuses.length > rendered, `${statuses.length} reads answered by ${rendered} renders`);
      assert.deepEqual(new Set(statuses), new Set([200]));
      assert.ok(rendered <= comments + 1, `${rendered} renders for ${comments} comments and 16 readers`);

      // Once the readers are gone (no render in flight), one more comment; any reader, once the
      // bound has passed since it, gets every comment.
      const last = await postJson(s, fields(form));
      assert.equal(last.status, 201);
      ids.push(last.body.id);
      await sleep(STORY_BOUND_MS);
      const page = await get(s.url + ARTICLE);
      for (const id of ids) assert.ok(page.body.includes(`id="comment-${id}"`), `comment ${id} is shown to everyone after ${STORY_BOUND_MS} ms`);
    });

    it('shows each writer their comment at their very next request while the page is read and commented on', async () => {
      const form = await formOf(s);
      const readers = readLoop(s, ARTICLE, 8);
      try {
        for (let i = 0; i < 10; i++) {
          const r = await postComment(s, fields(form));
          assert.equal(r.status, 303);
          const location = r.headers.get('location') ?? '';
          const id = /#comment-(\d+)$/.exec(location)?.[1];
          assert.ok(id, location);
          const cookie = r.headers.get('set-cookie') ?? '';
          assert.match(cookie, /^gz_wrote=\d+;/);
          const page = await get(s.url + location.replace(/#.*$/, ''), { cookie: cookie.slice(0, cookie.indexOf(';')) });
          assert.equal(page.status, 200);
          assert.ok(page.body.includes(`id="comment-${id}"`), `writer ${i} sees comment ${id} at once`);
        }
      } finally {
        assert.deepEqual(new Set(await readers.stop()), new Set([200]));
      }
    });

    it('brings the comment counts on other pages up to date within the cards bound', async () => {
      const form = await formOf(s);
      const count = (html: string) => {
        const m = new RegExp(`<a class="comment-count" href="${ARTICLE}#comments">(\\d+) comments?</a>`).exec(html);
        assert.ok(m, 'the front page shows the story with its comment count');
        return Number(m[1]);
      };
      const before = count((await get(s.url + '/')).body);
      for (let i = 0; i < 3; i++) assert.equal((await postJson(s, fields(form))).status, 201);
      await sleep(CARD_BOUND_MS);
      assert.equal(count((await get(s.url + '/')).body), before + 3);
    });

    it('answers the last good page when rendering it fails', async () => {
      const { articleId } = await formOf(s);
      const good = await get(s.url + ARTICLE);
      assert.equal(good.status, 200);
      const rename = async (from: string, to: string, tags: string) => {
        if (d.name === 'sqlite') {
          const db = new Database(s.databaseUrl.slice('sqlite:'.length));
          try {
            db.exec(`ALTER TABLE ${from} RENAME TO ${to}`);
            db.prepare('INSERT INTO invalidations (tags, created_at) VALUES (?, ?)').run(tags, Date.now());
          } finally {
            db.close();
          }
          return;
        }
        const c = new pg.Client({ connectionString: s.databaseUrl });
        await c.connect();
        try {
          await c.query(`ALTER TABLE ${from} RENAME TO ${to}`);
          await c.query(`SELECT pg_notify('gazette_invalidate', $1)`, [`test:${Date.now()} ${tags}`]);
        } finally {
          await c.end();
        }
      };
      // Edited: the page may no longer be served as it is, and its render fails.
      await rename('articles', 'articles_away', `article:${articleId}`);
      try {
        const failures = await counter(s, 'stale_on_error');
        let answer = await get(s.url + ARTICLE);
        // PostgreSQL delivers the notification asynchronously: read until the server has it.
        for (let i = 0; i < 200 && (await counter(s, 'stale_on_error')) === failures; i++) answer = await get(s.url + ARTICLE);
        assert.equal(await counter(s, 'stale_on_error'), failures + 1, 'the render failed once, and was not retried at once');
        assert.equal(answer.status, 200);
        assert.equal(answer.body, good.body);
      } finally {
        await rename('articles_away', 'articles', '*');
      }
      assert.equal((await get(s.url + ARTICLE)).status, 200);
    });
  });
}
