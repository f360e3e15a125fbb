/**
 * A signed-in newsroom session for tests: real HTTP against a started server, with a cookie jar
 * and the CSRF token taken from the pages as a browser would.
 */

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json<T = any>(): T;
}

export class NewsroomClient {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Answer> {
    const res = await fetch(this.base + path, { method, redirect: 'manual', body: init.body, headers: { cookie: this.cookieHeader(), ...init.headers } });
    this.keep(res);
    const text = await res.text();
    const meta = /<meta name="csrf-token" content="([^"]*)"/.exec(text) ?? /name="_csrf" value="([^"]*)"/.exec(text);
    if (meta?.[1]) this.csrf = meta[1];
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request('GET', path, { headers });
  }

  /** A form post with this session's CSRF token (unless `_csrf` is given). */
  post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Answer> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.request('POST', path, { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /** A multipart upload of one file to `/admin/media`, answered in JSON. */
  upload(data: Uint8Array, filename: string, type = 'application/octet-stream', fields: Record<string, string> = {}): Promise<Answer> {
    const form = new FormData();
    form.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(data)], { type }), filename);
    return this.request('POST', '/admin/media', { body: form, headers: { accept: 'application/json' } });
  }

  /** Signs in; throws when the sign-in does not end on an admin page. */
  async signIn(email: string, password: string): Promise<this> {
    await this.get('/admin/login');
    const r = await this.post('/admin/login', { email, password });
    if (r.status !== 303 && r.status !== 302) throw new Error(`sign-in as ${email} answered ${r.status}`);
    await this.get('/admin/');
    return this;
  }
}

/** The administrator password `npm start` printed once on an empty database. */
export function adminPassword(output: string): string {
  const m = /password:\s+(\S+)/.exec(output);
  if (!m) throw new Error('no admin password in the server output');
  return m[1];
}
