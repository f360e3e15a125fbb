/**
 * The configuration for a CLI command: `.env`, then the environment, then the command's flags.
 * A bad value ends the process with the one-line message (exit code 2).
 */
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../kernel/config.js';
import type { Deps } from '../runtime/deps.js';

export function configOrExit(overrides: Record<string, string | undefined> = {}): Config {
  loadDotEnv();
  try {
    return loadConfig({ ...process.env, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(2);
    }
    throw err;
  }
}

/** Opens the site's database for one command and closes it after. */
export async function withDeps<T>(fn: (deps: Deps) => Promise<T>): Promise<T> {
  const config = configOrExit();
  // Loaded here: the database drivers and the logger are not needed to print help or a version.
  const [{ buildDeps }, { createLogger }] = await Promise.all([import('../runtime/deps.js'), import('../kernel/log.js')]);
  const deps = await buildDeps(config, { listen: false, log: createLogger('warn', { stream: process.stderr }) });
  try {
    return await fn(deps);
  } finally {
    await deps.close();
  }
}
