/**
 * Starting `gazette serve` on a benchmark database, pinned to cores, and stopping it.
 */
import type { ChildProcess } from 'node:child_process';
import { BIN } from './paths.js';
import { captureOutput, freePort, spawnPinned, stop, waitForOk } from './proc.js';

export interface GazetteOptions {
  dataDir: string;
  workers?: number;
  pageCache?: boolean;
  /** Cores to run on (taskset -c); undefined: any. */
  cpus?: string;
  env?: Record<string, string>;
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  startMs: number;
  stop(): Promise<void>;
}

export async function startGazette(o: GazetteOptions): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: o.dataDir,
    WORKERS: String(o.workers ?? 1),
    PAGE_CACHE: o.pageCache === false ? '0' : '1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...o.env,
  };
  if (!o.env?.DATABASE_URL) delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const started = performance.now();
  const child = spawnPinned(process.execPath, [BIN, 'serve', '--no-sample'], o.cpus, { env, cwd: o.dataDir });
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  let startMs: number;
  try {
    startMs = await waitForOk(url + '/healthz', child, started);
  } catch (err) {
    await stop(child);
    throw new Error(`${(err as Error).message}\n${output()}`);
  }
  return { url, child, startMs, stop: () => stop(child) };
}
