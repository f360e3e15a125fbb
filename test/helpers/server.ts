/**
 * Starting a real Gazette server for a test: on a fresh SQLite file, or on a fresh PostgreSQL
 * database created for the run (and dropped after). Tests iterate over {@link DIALECTS}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
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

/**
 * For checks of what a browser makes of a page (layout, overflow, focus order, axe-core, scripts
 * that only move things on the page): SQLite alone. A site serves the same bytes on either
 * database — test/every-page-is-the-same-markup-on-both-databases.test.ts compares every public
 * and admin page and fails the day they part — so on PostgreSQL these would check the same bytes
 * again. What a browser writes (comments, the editor, moderation) still loops over DIALECTS.
 */
export const MARKUP_DIALECTS: DialectCase[] = [{ name: 'sqlite', skip: false }];

let counter = 0;

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
  /** What the server printed so far: the admin password once, then its log lines. */
  output(): string;
  /** Runs `gazette ARGS…` against the same database; resolves with its exit code and output. */
  cli(args: string[], input?: string): Promise<CliResult>;
  /** Stops the server (SIGTERM, or SIGKILL with `kill: true`, which needs `process: true`); the database stays. */
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

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
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

// Generous: on a machine shared by several test runs a cold start can take minutes (a server with
// two workers took 86 s at load 28 here, old code and new alike).
async function waitForHealth(url: string, child: ChildProcess, out: () => string, timeoutMs = 300_000): Promise<void> {
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
  /**
   * Run `gazette serve` as a process of its own, for a test about the process: killed, stopped by a
   * signal, what it prints. Without it, and with one worker, the server runs in the test's own
   * process (the same deps, app, listener and mail delivery as `serve`, src/server/serve.ts), which
   * spares the run a node process start per test file; WORKERS above 1 always means a process.
   */
  process?: boolean;
}

/** Starts a Gazette server on a fresh database of `dialect` and waits until it answers. */
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
  const args = opts.args ?? [];
  const inProcess = !opts.process && Number(env.WORKERS) <= 1;
  if (inProcess && args.some((a) => a !== '--no-sample')) throw new Error(`startServer: ${args.join(' ')} needs { process: true }`);
  const server = inProcess ? await serveHere(env, !args.includes('--no-sample')) : await serveProcess(env, db.dataDir, args);
  let site: Promise<Deps> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
    env,
    output: server.output,
    cli: (args, input) => runCli(args, env, db.dataDir, input),
    stop: server.stop,
    restart: server.restart,
    site() {
      site ??= buildDeps(loadConfig(env), { listen: false, log: pino({ level: 'silent' }) });
      return site;
    },
    async close() {
      if (site) await (await site).close();
      await server.stop();
      await db.drop();
    },
  };
}

interface Running {
  output(): string;
  stop(opts?: { kill?: boolean }): Promise<void>;
  restart(): Promise<void>;
}

/** `gazette serve` in a process of its own. */
async function serveProcess(env: NodeJS.ProcessEnv, cwd: string, args: string[]): Promise<Running> {
  let child!: ChildProcess;
  let out = '';
  const launch = async () => {
    child = spawn(process.execPath, [BIN, 'serve', ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    try {
      await waitForHealth(`http://127.0.0.1:${env.PORT}`, child, () => out);
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
  return {
    output: () => out,
    stop,
    async restart() {
      await stop();
      await launch();
    },
  };
}

/**
 * What `gazette serve` does with one worker, in this process: migrate, create the sample site
 * (printing its password), serve; its log lines (JSON, as a process writing to a pipe logs them)
 * are kept for `output()`.
 */
async function serveHere(env: NodeJS.ProcessEnv, sample: boolean): Promise<Running> {
  const [{ createLogger }, { createSampleSite }, { credentialsNotice, startServing }] = await Promise.all([
    import('../../src/kernel/log.js'),
    import('../../src/content/sample.js'),
    import('../../src/server/serve.js'),
  ]);
  let out = '';
  const say = (text: string) => void (out += text);
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  const config = loadConfig(env);
  let serving: { close(): Promise<void> } | undefined;
  const launch = async () => {
    const deps = await buildDeps(config, { log: createLogger(config.logLevel, { stream, pretty: false }) });
    try {
      const created = sample ? await createSampleSite(deps) : null;
      if (created) say(credentialsNotice(created));
      serving = await startServing(config, deps, say);
    } catch (err) {
      await deps.close().catch(() => {});
      throw err;
    }
  };
  await launch();
  const stop = async (o: { kill?: boolean } = {}) => {
    if (o.kill) throw new Error('a server in the test process cannot be killed: start it with { process: true }');
    const s = serving;
    serving = undefined;
    await s?.close();
  };
  return {
    output: () => out,
    stop,
    async restart() {
      await stop();
      await launch();
    },
  };
}

/** Runs `gazette ARGS…` with `env` (and `input` on its stdin), without blocking this process. */
function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string | undefined, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Runs the CLI once with an environment (no server). */
export function cliRun(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runCli(args, { ...process.env, ...env }, undefined);
}
