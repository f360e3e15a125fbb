/**
 * Running the server: one process, or a node:cluster primary with WORKERS workers sharing the port.
 * The primary migrates and creates the sample site before forking, so workers never race on it.
 * The HTTP application and mail delivery are loaded by the processes that serve, not by a primary
 * that only forks them (and, with SQLite, writes comments).
 */
import cluster from 'node:cluster';
import type { Config } from '../kernel/config.js';
import { buildDeps, type Deps } from '../runtime/deps.js';
import { createSampleSite } from '../content/sample.js';
import { hostCommentWriter, writesInPrimary } from '../comments/writer.js';

export interface ServeOptions {
  /** Create the sample site on an empty database (default true). */
  sample?: boolean;
}

/** What `serve` prints once after creating the sample site. */
export function credentialsNotice(r: { adminEmail: string; adminPassword: string }): string {
  return `\nCreated the sample site and an administrator account (shown once):\n  email:    ${r.adminEmail}\n  password: ${r.adminPassword}\nSign in at /admin/login and change it.\n\n`;
}

/** One process answering requests: see {@link startServing}. */
export interface Serving {
  address: string;
  /** Finishes the requests in flight, stops mail delivery, then lets go of the database. */
  close(): Promise<void>;
}

/**
 * What each serving process runs on its deps: the app listening, the outbox delivered, old
 * invalidations pruned. `say` is where the one line for a person goes (stdout).
 */
export async function startServing(config: Config, deps: Deps, say: (text: string) => void = (t) => void process.stdout.write(t)): Promise<Serving> {
  const [{ createApp }, { startMailDelivery }] = await Promise.all([import('./app.js'), import('../mail/delivery.js')]);
  const app = await createApp(deps);
  const address = await app.listen(config.port, config.host);
  if (!cluster.isWorker) say(`Gazette is serving ${config.publicUrl} (listening on ${address})\n`);
  deps.log.info({ address, pid: process.pid }, 'listening');
  const pruner = setInterval(() => deps.bus.prune().catch(() => {}), 10 * 60 * 1000);
  pruner.unref();
  const mail = startMailDelivery(deps);
  let closed: Promise<void> | undefined;
  const close = async () => {
    clearInterval(pruner);
    await mail.stop().catch(() => {});
    await app.close().catch(() => {});
    await deps.close().catch(() => {});
  };
  return {
    address,
    close: () => (closed ??= close()),
  };
}

async function runWorker(config: Config, built?: Deps): Promise<void> {
  const serving = await startServing(config, built ?? (await buildDeps(config)));
  const shutdown = async () => {
    await serving.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  if (cluster.isWorker) process.on('disconnect', shutdown);
}

export async function serve(config: Config, opts: ServeOptions = {}): Promise<void> {
  if (cluster.isWorker) return runWorker(config);
  const single = config.workers <= 1;
  // A single process serves with what it built for the sample site.
  const deps = await buildDeps(config, { listen: single });
  if (opts.sample !== false) {
    const created = await createSampleSite(deps);
    if (created) process.stdout.write(credentialsNotice(created));
  }
  if (single) return runWorker(config, deps);
  // With SQLite and several workers the primary writes every comment (src/comments/writer.ts).
  if (writesInPrimary(config)) hostCommentWriter(deps);
  else await deps.close();

  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < config.workers; i++) fork();
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === config.workers) process.stdout.write(`Gazette is serving ${config.publicUrl} with ${config.workers} workers\n`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
    setTimeout(fork, 200);
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    let left = Object.keys(cluster.workers ?? {}).length;
    if (!left) process.exit(0);
    cluster.on('exit', () => {
      if (--left <= 0) process.exit(0);
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
