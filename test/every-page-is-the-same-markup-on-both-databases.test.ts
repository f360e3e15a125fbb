/**
 * The same site on SQLite and on PostgreSQL gives every reader and every editor the same page, byte
 * for byte once the per-request secrets (nonces, CSRF and form tokens) are set aside. Two in-process
 * servers share one standing clock, the sample site and the same seeded demo stories, comments and
 * a held reply; then every public page, feed and site map, and every admin page the route registry
 * lists, is fetched from both and compared.
 *
 * This is what lets the browser tests check layout, overflow and axe-core once, on SQLite: what a
 * browser is given does not depend on the database, and this test fails the day it would.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Browser } from './helpers/admin.js';
import { ARTICLE } from './helpers/comments.js';
import { startInProcess, type InProcessServer } from './helpers/in-process.js';
import { postgresSkip } from './helpers/services.js';
import { generateDemo } from '../src/cli/demo/generate.js';
import { adminPages } from './helpers/admin-pages.js';

/** A fixed moment, so dates, "minutes ago" and the masthead agree between the two servers. */
const NOW = Date.UTC(2026, 10, 20, 9, 30);
const PUBLIC = [
  '/',
  '/page/2/',
  ARTICLE,
  `${ARTICLE}?replytocom=1`,
  `${ARTICLE}feed/`,
  '/section/world/',
  '/section/world/page/2/',
  '/tag/china/',
  '/2024/05/',
  '/2024/',
  '/2026/',
  '/author/elena-marsh/',
  '/search?q=china',
  '/search?q=%22trade+talks%22',
  '/search?q=zzzzqqq',
  '/feed/atom/',
  '/feed.json',
  '/about/',
  '/no/such/page/',
  '/feed/',
  '/section/world/feed/',
  '/sitemap.xml',
  '/robots.txt',
];

/** Per-request secrets (a fresh value on every answer, whatever the database) and the server's own address. */
function withoutSecrets(body: string, base: string): string {
  return body
    .replaceAll(base, 'http://site')
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/(<meta name="csrf-token" content=")[^"]*"/g, '$1"')
    .replace(/(name="(?:_csrf|form_token|token)" value=")[^"]*"/g, '$1"')
    .replace(/(data-csrf=")[^"]*"/g, '$1"');
}

/** Where two answers part, with a little of each, or '' when they are the same. */
function firstDifference(x: string, y: string): string {
  if (x === y) return '';
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  const at = (t: string) => JSON.stringify(t.slice(Math.max(0, i - 120), i + 120));
  return `at character ${i}:\n  SQLite:     ${at(x)}\n  PostgreSQL: ${at(y)}`;
}

async function page(b: Browser, path: string): Promise<string> {
  const r = await b.get(path);
  return withoutSecrets(`${r.status} ${r.location ?? ''} ${r.res.headers.get('content-type')}\n${r.html}`, b.base);
}

const noPostgres = await postgresSkip();

describe('one site, two databases, the same pages', { skip: noPostgres }, () => {
  const servers: InProcessServer[] = [];
  /** The ids the admin pages are shown for, the same on both (asserted). */
  const ids: Record<string, number> = {};

  before(async () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const s = await startInProcess(dialect, { now: NOW, env: { SECRET: 'one-secret-for-both-sites-so-avatars-agree' } });
      servers.push(s);
      // One chunk: PostgreSQL writes chunks side by side, which would number the stories differently.
      await generateDemo(s.deps, { articles: 60, comments: 80, seed: 'parity', years: 3, chunk: 60 });
      const first = await sql<{ id: number; article_id: number }>`SELECT id, article_id FROM comments WHERE status = 'approved' ORDER BY id LIMIT 1`.execute(
        s.deps.kysely,
      );
      const c = first.rows[0];
      await sql`INSERT INTO comments (article_id, parent_id, author, email, body, status, created_at)
        VALUES (${c.article_id}, ${c.id}, 'Rosa Quint', 'rosa@example.com', 'A reply that waits for a moderator.', 'pending', ${NOW - 60_000})`.execute(
        s.deps.kysely,
      );
      const one = async (q: string) => Number((await sql<{ id: number }>`${sql.raw(q)}`.execute(s.deps.kysely)).rows[0].id);
      const found = {
        article: await one("SELECT id FROM articles WHERE type = 'article' ORDER BY id LIMIT 1"),
        page: await one("SELECT id FROM articles WHERE type = 'page' ORDER BY id LIMIT 1"),
        section: await one('SELECT id FROM sections ORDER BY id LIMIT 1'),
        author: await one('SELECT id FROM users ORDER BY id LIMIT 1'),
        comment: Number(c.id),
      };
      if (dialect === 'sqlite') Object.assign(ids, found);
      else assert.deepEqual(found, ids, 'the same rows have the same ids on both');
    }
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('serves every public page, feed and site map identically', async () => {
    const [a, b] = servers.map((s) => new Browser(s.url));
    for (const path of PUBLIC) {
      const [x, y] = [await page(a, path), await page(b, path)];
      assert.ok(x.length > 100, `${path} answered`);
      assert.equal(firstDifference(x, y), '', `${path} differs between SQLite and PostgreSQL`);
    }
  });

  it('shows every admin page identically to a signed-in editor', async () => {
    const [a, b] = servers.map((s) => new Browser(s.url));
    for (const [br, s] of [
      [a, servers[0]],
      [b, servers[1]],
    ] as const) {
      const r = await br.signIn('admin@example.com', s.adminPassword);
      assert.equal(r.status, 303, 'signed in');
    }
    let compared = 0;
    for (const path of adminPages(ids)) {
      const [x, y] = [await page(a, path), await page(b, path)];
      assert.equal(firstDifference(x, y), '', `${path} differs between SQLite and PostgreSQL`);
      compared++;
    }
    assert.ok(compared >= 15, `${compared} admin pages compared`);
  });
});
