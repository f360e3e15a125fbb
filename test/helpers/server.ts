/**
 * Starting a real Gazette server for a test: on a fresh SQLite file, or on a fresh PostgreSQL
 * database created for the run (and dropped after). Tests iterate over {@link DIALECTS}.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PG_ADMIN_URL, postgresSkip } from './services.js';
import pino from 'pino';
import { loadConfig } from '../../src/kernel/config.js';
import { buildDeps, type Deps } from '../../src/runtime/deps.js';

export { PG_ADMIN_URL };

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'gazette.js');

export interface DialectCase {
  name: 'sqlite' | 'postgres';
  /** Why the dialect's tests are skipped here, or false. */
  skip: string | false;
}

/**
 * SQLite always; PostgreSQL where it answers (else skipped with the reason, or failing in CI).
 * scripts/test.mjs runs a file that loops over them once per dialect, side by side, naming the one
 * to run in GAZETTE_TEST_DIALECT.
 */
const only = process.env.GAZETTE_TEST_DIALECT;
export const DIALECTS: DialectCase[] = [];
if (only !== 'postgres') DIALECTS.push({ name: 'sqlite', skip: false });
if (only !== 'sqlite') DIALECTS.push({ name: 'postgres', skip: await postgresSkip() });

let counter = 0;

/**
 * A CLI call blocks this process (spawnSync). Meanwhile the server may close a pooled keep-alive
 * socket as idle, and this process cannot notice before reusing it ("other side closed"). After
 * each blocking call, fetch starts from a fresh connection pool.
 */
function freshConnectionPool(): void {
  const key = Symbol.for('undici.globalDispatcher.1');
  const g = globalThis as unknown as Record<symbol, { constructor: new () => unknown; close(): Promise<void> } | undefined>;
  const old = g[key];
  if (!old) return;
  g[key] = new old.constructor() as never;
  old.close().catch(() => {});
}

/** A fresh, empty database for one test server; `drop()` removes it. */
export async function freshDatabase(dialect: 'sqlite' | 'postgres'): Promise<{ dataDir: string; databaseUrl: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gazette-test-'));
  if (dialect === 'sqlite') {
    return { dataDir, databaseUrl: `sqlite:${join(dataDir, 'gazette.db')}`, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `gazette_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = '/' + name;
  return {
    dataDir,
    databaseUrl: url.href,
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  /** stdout so far (the admin password is printed there once). */
  output(): string;
  /** Runs `gazette ARGS…` against the same database; resolves with its exit code and output. */
  cli(args: string[], input?: string): { status: number; stdout: string; stderr: string };
  /** Stops the server (SIGTERM, or SIGKILL with `kill: true`); the database stays. */
  stop(opts?: { kill?: boolean }): Promise<void>;
  /** Starts it again on the same database and port. */
  restart(): Promise<void>;
  /**
   * The site's own functions on this server's database, in this process (opened on first use, closed
   * by `close()`): settings, lookups and moderation without starting a `gazette` process for each.
   * Writes reach the server as a CLI command's would.
   */
  site(): Promise<Deps>;
  /** Stops and drops the database. */
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// Generous: on a machine shared by several test runs a cold start can take most of a minute.
async function waitForHealth(url: string, child: ChildProcess, out: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out()}`);
    try {
      const r = await fetch(url + '/healthz');
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${out()}`);
}

export interface StartOptions {
  /** Extra environment (WORKERS, PUBLIC_URL, settings…). */
  env?: Record<string, string>;
  /** Extra `serve` flags, e.g. ['--no-sample']. */
  args?: string[];
  /** Serve this database (another server's, or through a proxy) instead of a fresh one; it is not dropped. */
  databaseUrl?: string;
}

/** Starts `gazette serve` on a fresh database of `dialect` and waits until /healthz answers. */
export async function startServer(dialect: 'sqlite' | 'postgres', opts: StartOptions = {}): Promise<TestServer> {
  const db = opts.databaseUrl
    ? { dataDir: mkdtempSync(join(tmpdir(), 'gazette-test-')), databaseUrl: opts.databaseUrl, drop: async () => {} }
    : await freshDatabase(dialect);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl,
    WORKERS: '1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...opts.env,
  };
  delete env.REDIS_URL;
  if (opts.env?.REDIS_URL) env.REDIS_URL = opts.env.REDIS_URL;
  let child!: ChildProcess;
  let out = '';
  const launch = async () => {
    child = spawn(process.execPath, [BIN, 'serve', ...(opts.args ?? [])], { env, cwd: db.dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, child, () => out);
    } catch (err) {
      // A server that never became healthy must not outlive the test (it would keep the run alive).
      child.kill('SIGKILL');
      throw err;
    }
  };
  await launch();
  const stop = async (o: { kill?: boolean } = {}) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(o.kill ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };
  let site: Promise<Deps> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
    env,
    output: () => out,
    cli(args, input) {
      const r = spawnSync(process.execPath, [BIN, ...args], { env, cwd: db.dataDir, input, encoding: 'utf8', timeout: 120_000 });
      freshConnectionPool();
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    stop,
    async restart() {
      await stop();
      await launch();
    },
    site() {
      site ??= buildDeps(loadConfig(env), { listen: false, log: pino({ level: 'silent' }) });
      return site;
    },
    async close() {
      if (site) await (await site).close();
      await stop();
      await db.drop();
    },
  };
}

/** Runs the CLI once with an environment (no server). */
export function cliRun(args: string[], env: NodeJS.ProcessEnv): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  freshConnectionPool();
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
