/**
 * Writing a cached page: the same function answers a cache hit before routing and a fresh render
 * after it, so both carry identical headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WRITER_COOKIE, WRITER_WINDOW_MS } from './page-cache.js';
import type { PageEntry } from './page-entry.js';

/** Picks the best encoding the client accepts among what the entry has. */
function pickEncoding(accept: string | undefined, entry: PageEntry): 'br' | 'gzip' | undefined {
  if (!accept || (!entry.br && !entry.gzip)) return undefined;
  // Fast path: no q-values to weigh.
  if (accept.indexOf(';') === -1) {
    if (entry.br && accept.indexOf('br') !== -1) return 'br';
    if (entry.gzip && accept.indexOf('gzip') !== -1) return 'gzip';
    return undefined;
  }
  let br = 0;
  let gz = 0;
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().split(';');
    const qp = params.find((p) => p.trim().startsWith('q='));
    const q = qp ? Number(qp.trim().slice(2)) : 1;
    const n = name.trim().toLowerCase();
    if (n === 'br') br = q;
    else if (n === 'gzip') gz = q;
    else if (n === '*') {
      br ||= q;
      gz ||= q;
    }
  }
  if (!entry.br) br = 0;
  if (!entry.gzip) gz = 0;
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return undefined;
}

/**
 * One request header, read from `rawHeaders` without building `req.headers` (Node builds that
 * object lazily, for every header, on first access: the hot path needs two).
 */
function header(req: IncomingMessage, lowerName: string): string | undefined {
  const raw = req.rawHeaders;
  const len = lowerName.length;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === len && (name === lowerName || name.toLowerCase() === lowerName)) return raw[i + 1];
  }
  return undefined;
}

const WRITER_PREFIX = WRITER_COOKIE + '=';

/** The time in the reader's {@link WRITER_COOKIE}, unchecked (0: none). */
export function wroteAt(req: IncomingMessage): number {
  const cookie = header(req, 'cookie');
  if (!cookie) return 0;
  const at = cookie.indexOf(WRITER_PREFIX);
  if (at === -1 || (at > 0 && cookie[at - 1] !== ' ' && cookie[at - 1] !== ';')) return 0;
  const t = Number.parseInt(cookie.slice(at + WRITER_PREFIX.length), 10);
  return t > 0 ? t : 0;
}

/**
 * When the reader commented, from their {@link WRITER_COOKIE} (0: not within the last
 * {@link WRITER_WINDOW_MS}).
 */
export function writerSince(req: IncomingMessage, now: number): number {
  const t = wroteAt(req);
  // A time in the future (a clock ahead, a made-up cookie) counts for no longer than the window.
  return t > now - WRITER_WINDOW_MS && t < now + WRITER_WINDOW_MS ? t : 0;
}

/** The cookie a reader gets with an accepted comment: their next requests skip stale pages. */
export function writerCookie(now: number, secure: boolean): string {
  return `${WRITER_PREFIX}${now}; Path=/; Max-Age=${WRITER_WINDOW_MS / 1000}; SameSite=Lax; HttpOnly${secure ? '; Secure' : ''}`;
}

/** Answers `req` with `entry`: 304 on a matching ETag, HEAD without a body, compressed when asked. */
export function sendEntry(req: IncomingMessage, res: ServerResponse, entry: PageEntry): void {
  const inm = header(req, 'if-none-match');
  if (inm !== undefined && (inm === entry.etag || inm === 'W/' + entry.etag || inm.includes(entry.etag))) {
    res.writeHead(304, entry.notModifiedHeaders);
    res.end();
    return;
  }
  const enc = pickEncoding(header(req, 'accept-encoding'), entry);
  const headers = enc === 'br' ? entry.brHeaders! : enc === 'gzip' ? entry.gzipHeaders! : entry.identityHeaders;
  const body = enc === 'br' ? entry.br! : enc === 'gzip' ? entry.gzip! : entry.body;
  res.writeHead(entry.status, headers);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}
