/**
 * The reader's worker thread: parses the WXR file, sanitises each post's body and hashes each
 * commenter's IP, handing records
 * to the importer in small batches (wxr-in-worker.ts). Parsing and sanitising are most of an
 * import's JavaScript work and need no database, so on a machine with two cores they run beside
 * the writes instead of between them.
 *
 * Never more than MAX_AHEAD batches wait unread, so memory stays flat however fast it parses.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { keyedHashWith } from '../../kernel/keyed-hash.js';
import { ImportError } from '../errors.js';
import { isContentType, renderItemBody } from './item-body.js';
import type { WxrRecord } from './records.js';
import { readWxr } from './wxr-reader.js';
import { rewriteUploads, type UploadMap } from './upload-refs.js';

/** Records per message: enough to make a message cheap, few enough to keep memory small. */
const BATCH = 64;
const MAX_AHEAD = 4;

export interface WorkerInput {
  file: string;
  /** The site's secret, to key the hashes of commenters' IPs as `deps.keyedHash` does (a Buffer arrives as a Uint8Array). */
  secret: Uint8Array;
  /** Upload references to point at local copies (upload-refs.ts), when media were taken in. */
  uploads?: UploadMap;
}

export type WorkerMessage =
  | { kind: 'records'; records: WxrRecord[]; bytes: number }
  | { kind: 'done' }
  | { kind: 'failed'; code?: ImportError['code']; message: string; line?: number; column?: number };

const port = parentPort!;
const { file, secret, uploads } = workerData as WorkerInput;
let credit = MAX_AHEAD;
let wake: (() => void) | undefined;
// The importer sends one message per batch it has taken.
port.on('message', () => {
  credit++;
  wake?.();
  wake = undefined;
});

const post = (m: WorkerMessage) => port.postMessage(m);
let batch: WxrRecord[] = [];
let bytes = 0;

async function send(): Promise<void> {
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
  credit--;
  post({ kind: 'records', records: batch, bytes });
  batch = [];
  bytes = 0;
}

try {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  for await (const r of readWxr(stream, { onChunk: (n) => void (bytes += n) })) {
    if (r.kind === 'item') {
      if (isContentType(r.postType)) {
        if (uploads) r.content = rewriteUploads(r.content, uploads, r.postId);
        r.rendered = renderItemBody(r.content, r.excerpt, r.meta);
      }
      for (const c of r.comments) if (c.ip) c.ipHash = keyedHashWith(secret, 'ip', c.ip);
    }
    batch.push(r);
    if (batch.length >= BATCH) await send();
  }
  await send();
  post({ kind: 'done' });
} catch (err) {
  const e = err as Error;
  if (e instanceof ImportError) post({ kind: 'failed', code: e.code, message: e.message, line: e.line, column: e.column });
  else post({ kind: 'failed', message: e.message });
}
port.close();
