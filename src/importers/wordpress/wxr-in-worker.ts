/**
 * The records of a WXR file, read and prepared by a worker thread (wxr-worker.ts): the same records,
 * in the same order, as `readWxr`, with each post's body already sanitised and IPs hashed. Errors come back as
 * the same ImportError (code, line, column) the reader raised.
 */
import { Worker } from 'node:worker_threads';
import { ImportError } from '../errors.js';
import type { WxrRecord } from './records.js';
import type { ReadOptions } from './wxr-reader.js';
import type { WorkerInput, WorkerMessage } from './wxr-worker.js';

/**
 * The worker's heap is capped: it holds one chunk of the file and a few batches, so the cap only
 * makes its garbage collector keep it small (it counts towards the import's peak memory).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/** Reads `input.file` in a worker thread, yielding records in file order. */
export async function* readWxrInWorker(input: WorkerInput, opts: ReadOptions = {}): AsyncGenerator<WxrRecord> {
  const worker = new Worker(new URL('./wxr-worker.js', import.meta.url), { workerData: input, resourceLimits: WORKER_LIMITS });
  const inbox: WorkerMessage[] = [];
  let failure: Error | undefined;
  let notify: (() => void) | undefined;
  const wakeUp = () => {
    notify?.();
    notify = undefined;
  };
  worker.on('message', (m: WorkerMessage) => (inbox.push(m), wakeUp()));
  worker.on('error', (err) => ((failure ??= err), wakeUp()));
  worker.on('exit', (code) => ((failure ??= new Error(`the WXR reader stopped (exit code ${code})`)), wakeUp()));
  try {
    for (;;) {
      // Messages that arrived before an exit are still read: the last one says how it ended.
      while (!inbox.length && !failure) await new Promise<void>((resolve) => (notify = resolve));
      const m = inbox.shift();
      if (!m) throw failure;
      if (m.kind === 'done') return;
      if (m.kind === 'failed') {
        if (!m.code) throw new Error(m.message);
        const reason = m.message.replace(/^[A-Z_]+: (?:line \d+, column \d+: )?/, '');
        throw new ImportError(m.code, reason, m.line, m.column);
      }
      worker.postMessage(1);
      opts.onChunk?.(m.bytes);
      yield* m.records;
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
