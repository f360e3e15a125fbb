/**
 * The media pass in a child process (media-child.ts), so the import's memory stays small: libvips
 * encoding images (AVIF above all) spreads its buffers over glibc's per-thread malloc arenas, which
 * a process keeps once grown, and in the import's own process that stayed held through the whole
 * import (493 MB peak at 100k posts, where the goal is under 300). The child runs with one arena
 * (`MALLOC_ARENA_MAX=1`), one libvips thread, no libvips cache and one encode at a time, and hands
 * its memory back when it ends, before the import opens its transaction. Four 1600 px photographs
 * in turn: 382 MB peak with each one's fourteen encodes at once in a plain process, 153 MB like this.
 *
 * The two processes overlap only while the child runs, when the parent holds little (the site's
 * deps, no records yet); bench/import.ts measures both, and their sum.
 */
import { fork } from 'node:child_process';
import { ImportError } from '../errors.js';
import type { ChildInput, ChildMessage } from './media-child.js';
import type { MediaPassOptions, MediaPassResult, MediaSite } from './media-pass.js';

/** Runs the media pass in its own process; rejects with the same ImportError the pass raised. */
export function mediaPassInChild(site: MediaSite, file: string, opts: MediaPassOptions): Promise<MediaPassResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./media-child.js', import.meta.url), [], {
      serialization: 'advanced',
      env: { ...process.env, MALLOC_ARENA_MAX: '1' },
      // Not the parent's flags (a test runner's, an inspector's). A young generation of 1 MB: the
      // pass makes short-lived strings by the million (the whole file is read for its attachments),
      // and V8's default lets them pile up to 30 MB more before it collects (165 MB peak against 135).
      execArgv: ['--max-semi-space-size=1'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: ChildMessage | undefined;
    child.on('message', (m: ChildMessage) => (answer ??= m));
    child.on('error', (err) => reject(err));
    child.on('exit', (code, signal) => {
      if (!answer) return reject(new Error(`the media pass stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`));
      if (answer.kind === 'done') return resolve(answer.result);
      if (!answer.code) return reject(new Error(answer.message));
      const reason = answer.message.replace(/^[A-Z_]+: (?:line \d+, column \d+: )?/, '');
      reject(new ImportError(answer.code, reason, answer.line, answer.column));
    });
    const input: ChildInput = { site, file, opts };
    child.send(input);
  });
}
