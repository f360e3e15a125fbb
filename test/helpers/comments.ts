/**
 * Posting comments to a test server the way a browser (or a script) does; reading what was stored,
 * moderating and changing settings with the functions `gazette comments` and `gazette settings`
 * run, in this process (`s.site()`), not by starting a `gazette` process for each.
 */
import assert from 'node:assert/strict';
import { listComments as commentRows, moderateComment } from '../../src/comments/moderate.js';
import type { CommentStatus } from '../../src/db/schema.js';
import { isSettingKey } from '../../src/settings/definitions.js';
import type { TestServer } from './server.js';

export const ARTICLE = '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/';

export interface StoredComment {
  id: number;
  article_id: number;
  parent_id: number | null;
  author: string;
  email: string;
  status: string;
  decided_by: string;
  reason: string;
}

let ipCounter = 1;
/** A new client address each call (the server trusts X-Forwarded-For as Fastify's trustProxy does). */
export function freshIp(): string {
  const n = ipCounter++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** The article id and form token printed in the article page's form. */
export async function formOf(s: TestServer, path = ARTICLE): Promise<{ articleId: number; token: string }> {
  const html = await (await fetch(s.url + path)).text();
  const articleId = Number(/name="article_id" value="(\d+)"/.exec(html)?.[1]);
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.ok(articleId > 0 && token, 'the article page has a comment form with a token');
  return { articleId, token };
}

/** A fresh token, as public/comments.js fetches it. */
export async function freshToken(s: TestServer, articleId: number): Promise<string> {
  const r = await fetch(`${s.url}/comments/token?article=${articleId}`);
  assert.equal(r.status, 200);
  return ((await r.json()) as { token: string }).token;
}

export interface PostOptions {
  json?: boolean;
  ip?: string;
  userAgent?: string;
  headers?: Record<string, string>;
}

/** POSTs the form (urlencoded); fields default to a valid comment from a unique writer. */
export async function postComment(s: TestServer, fields: Record<string, string>, o: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-forwarded-for': o.ip ?? freshIp(),
    'user-agent': o.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64) GazetteTest/1.0',
    accept: o.json ? 'application/json' : 'text/html,application/xhtml+xml',
    ...o.headers,
  };
  const r = await fetch(s.url + '/comments', { method: 'POST', headers, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  const cookie = r.headers.get('set-cookie');
  if (cookie?.startsWith('gz_wrote=')) writerCookie = cookie.slice(0, cookie.indexOf(';'));
  return r;
}

let writerCookie = '';

/**
 * Request options carrying the cookie a writer gets with their latest comment here. The writer sees
 * their comment at their next request; any other reader within a second (runtime/page-cache.ts).
 */
export function asWriter(): RequestInit {
  return writerCookie ? { headers: { cookie: writerCookie } } : {};
}

let writer = 0;
/** A valid submission from a new writer (override any field). */
export function fields(base: { articleId: number; token: string }, extra: Record<string, string> = {}): Record<string, string> {
  const n = ++writer;
  return {
    article_id: String(base.articleId),
    author: `Reader ${n} ${process.pid}`,
    email: `reader${n}.${process.pid}@example.net`,
    url: '',
    comment: `A thoughtful remark number ${n} about the talks in Beijing (${Math.random().toString(36).slice(2)}).`,
    form_token: base.token,
    ...extra,
  };
}

/** Posts with `Accept: application/json` and returns status and body. */
export async function postJson(
  s: TestServer,
  f: Record<string, string>,
  o: Omit<PostOptions, 'json'> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await postComment(s, f, { ...o, json: true });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
}

/** Every stored comment (optionally of one status), as `gazette comments list --json` gives them. */
export async function listComments(s: TestServer, status?: CommentStatus): Promise<StoredComment[]> {
  return commentRows((await s.site()).kysely, status);
}

export async function storedComment(s: TestServer, id: number): Promise<StoredComment> {
  const c = (await listComments(s)).find((x) => x.id === id);
  assert.ok(c, `comment ${id} is stored`);
  return c;
}

/** Sets a comment's status as `gazette comments approve|spam|trash ID` does. */
export async function moderate(s: TestServer, id: number, status: CommentStatus): Promise<void> {
  const r = await moderateComment(await s.site(), id, status, 'moderator', 'decided from the command line');
  assert.ok(r, `comment ${id} is stored`);
}

/** Sets a site setting as `gazette settings set` does. */
export async function setSetting(s: TestServer, key: string, value: string): Promise<void> {
  assert.ok(isSettingKey(key), key);
  const deps = await s.site();
  await deps.write(async (trx, stale) => {
    await deps.settings.set(key, value, trx);
    stale('*');
  });
}

/** A setting as stored now (as `gazette settings get` reads it, not from a cache). */
export async function getSetting(s: TestServer, key: string): Promise<unknown> {
  assert.ok(isSettingKey(key), key);
  const deps = await s.site();
  deps.settings.forget();
  return deps.settings.get(key);
}

/** Lifts the flood limit, the form timing and the first-time hold (as benchmarks do). */
export async function liftLimits(s: TestServer): Promise<void> {
  await setSetting(s, 'comments.flood_seconds', '0');
  await setSetting(s, 'comments.min_form_seconds', '0');
  await setSetting(s, 'comments.hold_first_time', 'false');
}
