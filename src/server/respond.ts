/**
 * Writing a cached page: the same function answers a cache hit before routing and a fresh render
 * after it, so both carry identical headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PageEntry } from './page-cache.js';

/** Picks the best encoding the client accepts among what the entry has. */
function pickEncoding(accept: string | undefined, entry: PageEntry): 'br' | 'gzip' | undefined {
  if (!accept || !entry.br) return undefined;
  // Fast path: no q-values to weigh.
  if (accept.indexOf(';') === -1) {
    if (accept.indexOf('br') !== -1) return 'br';
    if (accept.indexOf('gzip') !== -1) return 'gzip';
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
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return undefined;
}

/** Answers `req` with `entry`: 304 on a matching ETag, HEAD without a body, compressed when asked. */
export function sendEntry(req: IncomingMessage, res: ServerResponse, entry: PageEntry): void {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined && (inm === entry.etag || inm === 'W/' + entry.etag || inm.includes(entry.etag))) {
    res.writeHead(304, entry.notModifiedHeaders);
    res.end();
    return;
  }
  const enc = pickEncoding(req.headers['accept-encoding'], entry);
  const headers = enc === 'br' ? entry.brHeaders! : enc === 'gzip' ? entry.gzipHeaders! : entry.identityHeaders;
  const body = enc === 'br' ? entry.br! : enc === 'gzip' ? entry.gzip! : entry.body;
  res.writeHead(entry.status, headers);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}
