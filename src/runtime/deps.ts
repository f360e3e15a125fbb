/**
 * The dependencies every feature receives, built once at boot (never on the first request).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type pino from 'pino';
import type { Config } from '../kernel/config.js';
import { connect, type Connection } from '../db/connect.js';
import { migrate } from '../db/migrations.js';
import type { Database } from '../db/schema.js';
import { SettingsStore } from '../settings/store.js';
import { CHROME_TAGS, SiteChrome } from './site-chrome.js';
import { InvalidationBus } from './invalidation.js';
import { PageCache } from './page-cache.js';
import { securityHeaders } from './page-entry.js';
import { Metrics } from './metrics.js';
import { keyedHashWith } from '../kernel/keyed-hash.js';
import { createLogger } from '../kernel/log.js';

export interface Clock {
  now(): number;
}

/** Marks page-cache tags stale from inside a write. */
export type Stale = (...tags: string[]) => void;

export interface WriteOptions {
  /**
   * Return only once every other server process has dropped the pages the write made stale
   * (PostgreSQL: their acknowledgements, ./invalidation-pg.ts). The default. A reader's comment
   * does without: its writer's cookie skips stale pages on any process (./page-cache.ts), and the
   * others hear of it within milliseconds, inside the story's bound.
   */
  waitForOthers?: boolean;
}

export interface Deps {
  config: Config;
  db: Connection;
  kysely: Kysely<Database>;
  settings: SettingsStore;
  /** Sections, the footer's pages and the search configuration, kept until a change names them. */
  chrome: SiteChrome;
  cache: PageCache;
  bus: InvalidationBus;
  metrics: Metrics;
  clock: Clock;
  log: pino.Logger;
  /** Server secret: signs tokens, keys hashes of emails and IPs. Stored in the database. */
  secret: Buffer;
  /**
   * Runs `fn` in a transaction; the tags it marks stale are recorded with the write and dropped
   * from every process's page cache once it commits (see {@link WriteOptions}).
   */
  write<T>(fn: (trx: Transaction<Database>, stale: Stale) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** A keyed hash: for identicons and IP records, irreversible without the secret. */
  keyedHash(purpose: string, value: string): string;
  close(): Promise<void>;
}

export interface BuildOptions {
  clock?: Clock;
  log?: pino.Logger;
  /** Listen for other processes' invalidations (server: yes; one-shot CLI commands: no). */
  listen?: boolean;
}

const SECRET_KEY = '_secret';

async function loadSecret(kysely: Kysely<Database>, fromEnv?: string): Promise<Buffer> {
  if (fromEnv) return Buffer.from(fromEnv);
  const row = await kysely.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirst();
  if (row) return Buffer.from(JSON.parse(row.value) as string, 'base64');
  const fresh = randomBytes(32).toString('base64');
  await kysely
    .insertInto('settings')
    .values({ key: SECRET_KEY, value: JSON.stringify(fresh) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const stored = await kysely.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
  return Buffer.from(JSON.parse(stored.value) as string, 'base64');
}

/** Connects, migrates and wires everything. */
export async function buildDeps(config: Config, opts: BuildOptions = {}): Promise<Deps> {
  const log = opts.log ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  // A broken connection is logged and counted, never the end of the process (../db/connect.ts).
  const connectionError = (source: string, err: Error) => {
    metrics.connectionError(source);
    log.warn({ err: { message: err.message, code: (err as { code?: string }).code }, source }, 'connection lost or refused');
  };
  const db = connect(config.databaseUrl, { onConnectionError: connectionError });
  await migrate(db.kysely, db.dialect);
  const kysely = db.kysely;
  const settings = new SettingsStore(kysely);
  const cache = new PageCache(securityHeaders(config.publicUrl.startsWith('https:')), 256 * 1024 * 1024, config.pageCache);
  const bus = new InvalidationBus(db, cache, { connectionError, notice: (message, fields) => log.warn(fields ?? {}, message) });
  const chrome = new SiteChrome(kysely);
  bus.onInvalidate((tags) => {
    if (tags.includes('settings') || tags.includes('*')) settings.forget();
    if (tags.some((t) => CHROME_TAGS.includes(t))) chrome.forget();
  });
  if (opts.listen !== false) await bus.start(config.redisUrl);
  const secret = await loadSecret(kysely, config.secret);
  const clock = opts.clock ?? { now: () => Date.now() };

  const deps: Deps = {
    config,
    db,
    kysely,
    settings,
    chrome,
    cache,
    bus,
    metrics,
    clock,
    log,
    secret,
    async write(fn, options) {
      const tags: string[] = [];
      const stale: Stale = (...t) => void tags.push(...t);
      const waitForOthers = options?.waitForOthers !== false;
      await bus.beforeWrite(waitForOthers);
      let token: string | undefined;
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await kysely
          .transaction()
          .setAccessMode('read write') // on SQLite: BEGIN IMMEDIATE (db/connect.ts)
          .execute(async (trx) => {
            const r = await fn(trx, stale);
            token = await bus.record(trx, tags, waitForOthers);
            return r;
          });
      } catch (err) {
        bus.disarm(token);
        throw err;
      }
      await bus.committed(tags, token);
      return result;
    },
    keyedHash(purpose, value) {
      return keyedHashWith(secret, purpose, value);
    },
    async close() {
      await bus.stop();
      await db.close();
    },
  };
  return deps;
}
