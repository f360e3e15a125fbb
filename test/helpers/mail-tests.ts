/**
 * What the mail and privacy tests share: posting a comment as a reader does, reading the database
 * the server writes, and the sample article.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { connect, type Connection } from '../../src/db/connect.js';
import { loadConfig } from '../../src/kernel/config.js';
import { buildDeps } from '../../src/runtime/deps.js';
import type { CommentStatus } from '../../src/db/schema.js';
import { isSettingKey } from '../../src/settings/definitions.js';
import type { TestServer } from './server.js';

/** A running site: a `gazette serve` process or one in this process (test/helpers/in-process.ts). */
type Site = Pick<TestServer, 'url' | 'env' | 'databaseUrl'>;

export const ARTICLE_PATH = '/2024/05/18/china-and-russia-pledge-closer-strategic-cooperation/';
export const SECRET = 'test-secret-for-signed-links-0123456789abcdef';

/** Opens the server's database (its own connection) for the duration of `fn`. */
export async function withDb<T>(s: Site, fn: (db: Connection['kysely']) => Promise<T>): Promise<T> {
  const db: Connection = connect(s.databaseUrl);
  try {
    return await fn(db.kysely);
  } finally {
    await db.close();
  }
}

/** Sets site settings as `gazette settings set` does (same store, same invalidation), in one go. */
export async function setSettings(s: Site, settings: Record<string, string>): Promise<void> {
  const deps = await buildDeps(loadConfig(s.env), { listen: false, log: pino({ level: 'silent' }) });
  try {
    await deps.write(async (trx, stale) => {
      for (const [k, v] of Object.entries(settings)) {
        assert.ok(isSettingKey(k), k);
        await deps.settings.set(k, v, trx);
      }
      stale('*');
    });
  } finally {
    await deps.close();
  }
}

/** The sample article's id. */
export async function sampleArticleId(s: Site): Promise<number> {
  return withDb(
    s,
    async (db) =>
      (await db.selectFrom('articles').select('id').where('slug', '=', 'china-and-russia-pledge-closer-strategic-cooperation').executeTakeFirstOrThrow()).id,
  );
}

export interface CommentFields {
  article_id: number;
  parent_id?: number;
  author: string;
  email: string;
  url?: string;
  comment: string;
  notify?: boolean;
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The hidden fields of the comment form on `path` (form token and the like). */
async function hiddenFields(s: Site, path: string): Promise<Record<string, string>> {
  const html = await (await fetch(s.url + path)).text();
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    if (!/\btype="hidden"/.test(tag)) continue;
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (name) out[decode(name)] = decode(value);
  }
  return out;
}

export interface Posted {
  id: number;
  status: CommentStatus;
}

/**
 * Posts a comment like a reader: the form's hidden fields (form token…) from the article page, then
 * `POST /comments` with `Accept: application/json`.
 */
export async function postComment(s: Site, f: CommentFields): Promise<Posted> {
  const hidden = await hiddenFields(s, ARTICLE_PATH);
  const body = new URLSearchParams({
    ...hidden,
    article_id: String(f.article_id),
    parent_id: String(f.parent_id ?? 0),
    author: f.author,
    email: f.email,
    url: f.url ?? '',
    comment: f.comment,
  });
  if (f.notify) body.set('notify', 'yes');
  const r = await fetch(s.url + '/comments', { method: 'POST', body, headers: { accept: 'application/json' }, redirect: 'manual' });
  const text = await r.text();
  assert.ok(r.status >= 200 && r.status < 300, `POST /comments answered ${r.status}: ${text}`);
  return JSON.parse(text) as Posted;
}

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The hidden fields of the first POST form in `html`, and its action. */
export function formIn(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  assert.ok(form, 'a POST form on the page');
  const fields: Record<string, string> = {};
  for (const m of form[2].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) fields[decode(m[1])] = decode(m[2]);
  return { action: decode(form[1]), fields };
}
