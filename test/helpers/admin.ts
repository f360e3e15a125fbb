/**
 * Talking to the newsroom as a browser would: a cookie jar, the CSRF token of the last page, and
 * signing in. Also direct SQL on a test server's database, for arranging what HTTP cannot (a
 * held comment before the comment form exists, an expired throttle).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { TestServer } from './server.js';

/** The sample administrator's password, printed once at first start. */
export function adminPassword(s: TestServer): string {
  const m = /password: (\S+)/.exec(s.output());
  if (!m) throw new Error('the server did not print the admin password');
  return m[1];
}

/** A browser: cookies kept across requests, the CSRF token from the last HTML page. */
export class Browser {
  readonly cookies = new Map<string, string>();
  /** Raw Set-Cookie headers seen, for checking their flags. */
  readonly setCookies: string[] = [];
  csrf = '';
  /** Pretend to come from this address (the server trusts X-Forwarded-For from its proxy). */
  ip?: string;

  constructor(readonly base: string) {}

  private remember(r: Response): void {
    for (const c of r.headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = decodeURIComponent(pair.slice(eq + 1).trim());
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
    if (this.ip) h['x-forwarded-for'] = this.ip;
    return h;
  }

  /** GET without following redirects; remembers the page's CSRF token. */
  async get(path: string): Promise<{ status: number; location: string | null; html: string; res: Response }> {
    const res = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' });
    this.remember(res);
    const html = await res.text();
    const m = /<meta name="csrf-token" content="([^"]*)"/.exec(html);
    if (m) this.csrf = m[1];
    return { status: res.status, location: res.headers.get('location'), html, res };
  }

  /** POST a form (the page's CSRF token added unless `_csrf` is given, or `csrf: false`). */
  async post(
    path: string,
    form: Record<string, string | string[]>,
    o: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; location: string | null; html: string; res: Response }> {
    const body = new URLSearchParams();
    if (o.csrf !== false && !('_csrf' in form)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...o.headers }),
      body: body.toString(),
      redirect: 'manual',
    });
    this.remember(res);
    const html = await res.text();
    const m = /<meta name="csrf-token" content="([^"]*)"/.exec(html);
    if (m) this.csrf = m[1];
    return { status: res.status, location: res.headers.get('location'), html, res };
  }

  /** Signs in; returns the answer to the sign-in POST. */
  async signIn(email: string, password: string) {
    await this.get('/admin/login');
    const r = await this.post('/admin/login', { email, password });
    if (r.status === 303) await this.get('/admin/');
    return r;
  }
}

/** Runs SQL on the server's database (`?` placeholders on both dialects). */
export async function sql(s: TestServer, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (s.databaseUrl.startsWith('sqlite:')) {
    const db = new Database(s.databaseUrl.slice('sqlite:'.length));
    try {
      const stmt = db.prepare(text);
      return stmt.reader ? (stmt.all(...params) as Record<string, unknown>[]) : (stmt.run(...params), []);
    } finally {
      db.close();
    }
  }
  let i = 0;
  const client = new pg.Client({ connectionString: s.databaseUrl });
  await client.connect();
  try {
    return (
      await client.query(
        text.replace(/\?/g, () => `$${++i}`),
        params,
      )
    ).rows;
  } finally {
    await client.end();
  }
}
