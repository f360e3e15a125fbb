/**
 * The external programs the benchmarks drive: wrk (load), nginx (the static-file baseline) and
 * taskset (pinning server and client to separate cores). Installed from Debian's packages when
 * missing and we are root; otherwise the benchmarks that need them say so and skip.
 */
import { spawnSync } from 'node:child_process';

export interface Tools {
  wrk: boolean;
  nginx: boolean;
  /** Without taskset the processes share cores; ratios stay fair, absolute numbers drop. */
  taskset: boolean;
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

export function ensureTools(log: (line: string) => void): Tools {
  const missing = ['wrk', 'nginx'].filter((c) => !has(c));
  if (missing.length) {
    if (process.getuid?.() === 0) {
      log(`installing ${missing.join(' ')} with apt-get`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      let r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
      if (r.status !== 0) {
        spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
        r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
      }
      if (r.status !== 0) log('apt-get could not install them; benchmarks that need them are skipped');
    } else {
      log(`${missing.join(' and ')} not found and not running as root: install them (apt-get install nginx wrk) to run the throughput benchmarks`);
    }
  }
  return { wrk: has('wrk'), nginx: has('nginx'), taskset: has('taskset') };
}
