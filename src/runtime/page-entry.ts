/**
 * A rendered page made ready for the hot path: body, ETag, its gzip and brotli forms and the header
 * arrays for each, built once (see ./page-cache.ts for how entries are kept and go stale), and the
 * security headers every response carries.
 */
import { brotliCompress, constants as zc, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { EMBED_FRAME_SOURCES } from '../kernel/embed-url.js';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export interface PageInput {
  status: number;
  contentType: string;
  body: string | Buffer;
  /** What the page shows; a write naming one of these drops it. */
  tags: string[];
  /** Cache-Control for browsers and CDNs. */
  cacheControl: string;
  /** Route name for metrics (`article`, `front`…). */
  route: string;
  lastModified?: number;
  /** Extra headers (Link, X-Robots-Tag…). */
  headers?: [string, string][];
}

export interface PageEntry {
  route: string;
  status: number;
  etag: string;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  /** Flat header arrays for `res.writeHead`, one per encoding. */
  identityHeaders: string[];
  gzipHeaders?: string[];
  brHeaders?: string[];
  notModifiedHeaders: string[];
  tags: string[];
  bytes: number;
  /** The cache's generation when its render began. */
  version: number;
  /** Date.now() when it was stored. */
  storedAt: number;
  /** Date.now() when its render began (0: not known). */
  renderedFrom: number;
  /** 0 while fresh; else Date.now() when a change it shows was first applied here. */
  staleSince: number;
  /** The generation of the latest change it shows (0 while fresh). */
  changedAt: number;
  /** While stale: from this moment the next reader re-renders it. */
  refreshAt: number;
  /** While stale: until this moment other readers may still be given it. */
  serveUntil: number;
}

/**
 * The embed players a reader may choose to load (content/embeds.ts): a frame from anywhere else is
 * refused, and none of these is asked for anything until the reader clicks.
 */
const FRAME_SRC = ["'self'", ...EMBED_FRAME_SOURCES].join(' ');

/** Security headers on every response, built once. */
export function securityHeaders(https: boolean): string[] {
  const h = [
    'content-security-policy',
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src ${FRAME_SRC}; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`,
    'x-content-type-options',
    'nosniff',
    'referrer-policy',
    'strict-origin-when-cross-origin',
    'x-frame-options',
    'DENY',
    'permissions-policy',
    'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    'cross-origin-opener-policy',
    'same-origin',
  ];
  if (https) h.push('strict-transport-security', 'max-age=31536000; includeSubDomains');
  return h;
}

export type Encodings = 'both' | 'br' | 'gzip' | 'none';

/** The one encoding worth preparing for a reader who sent `accept` (q-values are rare; see respond.ts). */
export function wanted(accept: string | undefined): Encodings {
  if (!accept) return 'none';
  if (/\bbr\b(?!;q=0(?:\.0+)?\b)/.test(accept)) return 'br';
  if (/\bgzip\b(?!;q=0(?:\.0+)?\b)/.test(accept)) return 'gzip';
  return 'none';
}

/** An entry ready for the hot path: body, ETag, and the compressed forms `encodings` asks for. */
export async function buildEntry(input: PageInput, security: string[], encodings: Encodings): Promise<PageEntry> {
  const body = typeof input.body === 'string' ? Buffer.from(input.body) : input.body;
  const etag = '"' + createHash('sha1').update(body).digest('base64url').slice(0, 22) + '"';
  const common = [
    'content-type',
    input.contentType,
    'cache-control',
    input.cacheControl,
    'etag',
    etag,
    'vary',
    'Accept-Encoding',
    ...(input.lastModified ? ['last-modified', new Date(input.lastModified).toUTCString()] : []),
    ...(input.headers ?? []).flat(),
    ...security,
  ];
  const entry: PageEntry = {
    route: input.route,
    status: input.status,
    etag,
    body,
    identityHeaders: [...common, 'content-length', String(body.length)],
    notModifiedHeaders: notModified(common),
    tags: input.tags,
    bytes: body.length,
    version: 0,
    storedAt: 0,
    renderedFrom: 0,
    staleSince: 0,
    changedAt: 0,
    refreshAt: Infinity,
    serveUntil: Infinity,
  };
  // Small bodies gain nothing from compression. Brotli quality 5 gives quality 6's size on our pages
  // (a 57 KB comment page: 6,360 vs 6,363 bytes) in 65% of its time, which keeps cache misses cheap.
  if (body.length < 512 || encodings === 'none') return entry;
  const [g, b] = await Promise.all([
    encodings === 'both' || encodings === 'gzip' ? gz(body, { level: 6 }) : undefined,
    encodings === 'both' || encodings === 'br'
      ? brotli(body, { params: { [zc.BROTLI_PARAM_QUALITY]: 5, [zc.BROTLI_PARAM_SIZE_HINT]: body.length } })
      : undefined,
  ]);
  if (g) {
    entry.gzip = g;
    entry.gzipHeaders = [...common, 'content-encoding', 'gzip', 'content-length', String(g.length)];
    entry.bytes += g.length;
  }
  if (b) {
    entry.br = b;
    entry.brHeaders = [...common, 'content-encoding', 'br', 'content-length', String(b.length)];
    entry.bytes += b.length;
  }
  return entry;
}

function notModified(common: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < common.length; i += 2) {
    if (common[i] === 'content-type') continue;
    out.push(common[i], common[i + 1]);
  }
  return out;
}
