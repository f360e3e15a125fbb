/**
 * Environment → typed, validated configuration, parsed once at boot.
 *
 * Every variable here is listed in the README's configuration table. Invalid values stop start-up
 * with one line naming the variable (see {@link ConfigError}).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((u) => /^(sqlite:|postgres(ql)?:\/\/)/.test(u), 'must start with sqlite: or postgres://')
    .optional(),
  REDIS_URL: z
    .string()
    .refine((u) => /^rediss?:\/\//.test(u), 'must start with redis:// or rediss://')
    .optional(),
  SMTP_URL: z
    .string()
    .refine((u) => /^smtps?:\/\//.test(u), 'must start with smtp:// or smtps://')
    .optional(),
  WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  /** Secret that signs form tokens and links and keys the hashes of IPs and emails. When absent, one is generated and kept in the database (settings), so every worker and node shares it. */
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Whose X-Forwarded-For to believe: `loopback` (default: a proxy on this machine), `true`, `false`,
   * or a comma-separated list of addresses/CIDRs. Rate limits and throttles key on the client IP.
   */
  TRUST_PROXY: z.string().min(1).default('loopback'),
  /**
   * Bearer token for `/metrics` (Prometheus: `authorization: Bearer …`). Without it, /metrics answers
   * only requests from this machine that came through no proxy.
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Set to 0 to disable the in-memory page cache (benchmarks of the cold path, debugging). */
  PAGE_CACHE: z.enum(['0', '1']).default('1'),
  /** Uncached searches a client may run per minute, across every process and node (0: no limit). */
  SEARCH_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string;
  dialect: 'sqlite' | 'postgres';
  redisUrl?: string;
  smtpUrl?: string;
  workers: number;
  secret?: string;
  metricsToken?: string;
  pageCache: boolean;
  searchRateLimit: number;
  trustProxy: boolean | string | string[];
  logLevel: string;
  production: boolean;
}

export { ConfigError };

/** Reads `KEY=value` lines from `.env` without overriding variables already set. */
export function loadDotEnv(file = '.env', env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    let value = m[2];
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    if (env[m[1]] === undefined) env[m[1]] = value;
  }
}

/**
 * Parses the environment into a {@link Config}.
 * @example const config = loadConfig({ PORT: '8080' });
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message} (got "${picked[name] ?? ''}")`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `sqlite:${resolve(dataDir, 'gazette.db')}`;
  const production = e.NODE_ENV === 'production';
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/+$/, '');
  if (production && !e.PUBLIC_URL) {
    throw new ConfigError('Invalid configuration: PUBLIC_URL is required when NODE_ENV=production');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir,
    databaseUrl,
    dialect: databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres',
    redisUrl: e.REDIS_URL,
    smtpUrl: e.SMTP_URL,
    workers: e.WORKERS ?? availableParallelism(),
    secret: e.SECRET,
    metricsToken: e.METRICS_TOKEN,
    pageCache: e.PAGE_CACHE === '1',
    searchRateLimit: e.SEARCH_RATE_LIMIT,
    trustProxy:
      e.TRUST_PROXY === 'true'
        ? true
        : e.TRUST_PROXY === 'false'
          ? false
          : e.TRUST_PROXY.includes(',')
            ? e.TRUST_PROXY.split(',').map((x) => x.trim())
            : e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    production,
  };
}
