/**
 * The hot story's server (bench/hot.ts): a fresh sample site on SQLite or PostgreSQL, its comment
 * limits lifted, and its page-cache counters summed over its workers.
 */
import http from 'node:http';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BIN } from './paths.js';
import { captureOutput, freePort, spawnPinned, stop, waitForOk } from './proc.js';

const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Node {
  url: string;
  child: ChildProcess;
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

export async function startNode(dialect: 'sqlite' | 'postgres', workers: number, log: (l: string) => void): Promise<Node> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gazette-bench-hot-'));
  let databaseUrl = `sqlite:${join(dataDir, 'gazette.db')}`;
  let dropDb = async () => {};
  if (dialect === 'postgres') {
    const name = `gazette_bench_hot_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = '/' + name;
    databaseUrl = u.href;
    dropDb = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    WORKERS: String(workers),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    TRUST_PROXY: 'true',
  };
  delete env.REDIS_URL;
  // Limits lifted, as for the comments benchmark: every comment is approved at once.
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env, cwd: dataDir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gazette ${args.join(' ')}: ${r.stderr}`);
  };
  // BENCH_NODE_ARGS: flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawnPinned(process.execPath, [...nodeArgs, BIN, 'serve'], undefined, { env, cwd: dataDir });
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(url + '/healthz', child, performance.now(), 180_000, 100);
    for (const [k, v] of [
      ['comments.flood_seconds', '0'],
      ['comments.min_form_seconds', '0'],
      ['comments.hold_first_time', 'false'],
    ])
      cli('settings', 'set', k, v);
  } catch (err) {
    await stop(child);
    await dropDb();
    throw new Error(`${(err as Error).message}\n${output()}`);
  }
  log(`${dialect}: serving the sample site at ${url}`);
  return {
    url,
    child,
    env,
    async drop() {
      await stop(child);
      await dropDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function getFresh(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/**
 * Page-cache counters so far (`misses`: renders), summed over the workers: new connections are
 * dealt round-robin, and each answer names its worker's pid.
 */
export async function counters(url: string, workers: number): Promise<Record<'misses' | 'hits' | 'stale_hits' | 'coalesced', number>> {
  const byPid = new Map<string, string>();
  for (let i = 0; i < workers * 8 && byPid.size < workers; i++) {
    const text = await getFresh(url + '/metrics');
    byPid.set(/^gazette_process_resident_memory_bytes\{pid="(\d+)"\}/m.exec(text)?.[1] ?? '', text);
  }
  if (byPid.size < workers) throw new Error(`/metrics reached ${byPid.size} of ${workers} workers`);
  const sum = (name: string) =>
    [...byPid.values()].reduce((a, text) => a + Number(new RegExp(`^gazette_page_cache_${name}_total (\\d+)$`, 'm').exec(text)?.[1] ?? NaN), 0);
  return { misses: sum('misses'), hits: sum('hits'), stale_hits: sum('stale_hits'), coalesced: sum('coalesced') };
}
