/**
 * The media pass's own process (started by media-in-child.ts): takes its input in one IPC message,
 * runs the pass with libvips held to one thread and no cache, and sends back the result (or the
 * error, with its code, line and column), then ends, giving every byte back.
 */
import { lowMemoryImages } from '../../media/process.js';
import { ImportError } from '../errors.js';
import { mediaPass, type MediaPassOptions, type MediaPassResult, type MediaSite } from './media-pass.js';

export interface ChildInput {
  site: MediaSite;
  file: string;
  opts: MediaPassOptions;
}

export type ChildMessage =
  | { kind: 'done'; result: MediaPassResult }
  | { kind: 'failed'; code?: ImportError['code']; message: string; line?: number; column?: number };

// The import that started this one has gone (ended, or killed): nobody waits for the result.
let finished = false;
process.on('disconnect', () => {
  if (!finished) process.exit(1);
});

const send = (m: ChildMessage) => new Promise<void>((resolve) => process.send!(m, undefined, {}, () => resolve()));

process.once('message', async (input: ChildInput) => {
  try {
    await lowMemoryImages();
    const result = await mediaPass(input.site, input.file, input.opts);
    await send({ kind: 'done', result });
  } catch (err) {
    const e = err as Error;
    if (e instanceof ImportError) await send({ kind: 'failed', code: e.code, message: e.message, line: e.line, column: e.column });
    else await send({ kind: 'failed', message: e.message });
  }
  finished = true;
  process.disconnect();
});
