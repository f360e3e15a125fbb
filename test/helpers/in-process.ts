/**
 * A real Gazette server inside the test's own process: the same deps, app and HTTP listener as
 * `gazette serve` with one worker, on a fresh database of either dialect, but with a clock the test
 * moves. Scheduled articles, banner expiry and midnight then come when the test says, with no
 * real waiting and no assertion that depends on how fast the machine is. The test also reaches
 * the site's own functions (settings, writes) through `deps`, instead of starting a `gazette`
 * process for each.
 */
import pino from 'pino';
import { loadConfig } from '../../src/kernel/config.js';
import { buildDeps, type Clock, type Deps } from '../../src/runtime/deps.js';
import { createSampleSite } from '../../src/content/sample.js';
import { createApp, type App } from '../../src/server/app.js';
import { startMailDelivery } from '../../src/mail/delivery.js';
import { freePort, freshDatabase } from './server.js';

/** A clock that stands still until the test moves it. */
export class FakeClock implements Clock {
  constructor(private t: number = Date.now()) {}
  now(): number {
    return this.t;
  }
  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.t += ms;
  }
  set(at: number): void {
    this.t = at;
  }
}

export interface InProcessServer {
  url: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  deps: Deps;
  /** The application: its Fastify instance and every route it registered. */
  app: App;
  clock: FakeClock;
  /** The sample site's administrator password ('' with `sample: false`). */
  adminPassword: string;
  close(): Promise<void>;
}

export interface InProcessOptions {
  /** Where the clock starts (default: now). */
  now?: number;
  /** Create the sample site (default true). */
  sample?: boolean;
  /** Extra configuration (the variables `gazette serve` reads). */
  env?: Record<string, string>;
  /** Deliver the outbox as `gazette serve` does (default false). */
  mail?: boolean;
}

export async function startInProcess(dialect: 'sqlite' | 'postgres', opts: InProcessOptions = {}): Promise<InProcessServer> {
  const db = await freshDatabase(dialect);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl,
    WORKERS: '1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...opts.env,
  };
  const clock = new FakeClock(opts.now);
  const deps = await buildDeps(loadConfig(env), { clock, log: pino({ level: 'silent' }) });
  try {
    const created = opts.sample === false ? null : await createSampleSite(deps);
    const app = await createApp(deps);
    await app.listen(port, '127.0.0.1');
    const mail = opts.mail ? startMailDelivery(deps) : null;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      dataDir: db.dataDir,
      databaseUrl: db.databaseUrl,
      env,
      deps,
      app,
      clock,
      adminPassword: created?.adminPassword ?? '',
      async close() {
        await mail?.stop();
        await app.close();
        await deps.close();
        await db.drop();
      },
    };
  } catch (err) {
    await deps.close().catch(() => {});
    await db.drop().catch(() => {});
    throw err;
  }
}
