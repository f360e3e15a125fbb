/**
 * The shipped front door (deploy/nginx/) started for a test: Debian's nginx in the foreground, in a
 * temporary prefix of its own.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from './server.js';

const NGINX = '/usr/sbin/nginx';
/** Why nginx tests skip here, or undefined when nginx is installed. */
export const NGINX_MISSING = existsSync(NGINX) ? undefined : `nginx is not installed at ${NGINX} (Debian's nginx-light)`;

export interface FrontDoor {
  url: string;
  stop(): Promise<void>;
}

/**
 * nginx run in the foreground with deploy/nginx/gazette.conf, its two upstream lines pointed at
 * `ports` (give one port twice for one node), and with the shipped micro-cache switched on when asked.
 */
export async function startNginx(ports: number[], o: { microcache?: boolean } = {}): Promise<FrontDoor> {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-nginx-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'tmp'));
  const port = await freePort();
  let site = readFileSync(join(ROOT, 'deploy/nginx/gazette.conf'), 'utf8');
  const servers = site.match(/^\s*server 127\.0\.0\.1:\d+ .*;$/gm) ?? [];
  assert.equal(servers.length, 2, 'the shipped upstream names two nodes');
  for (const [i, line] of servers.entries()) site = site.replace(line, line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${ports[i]}`));
  if (o.microcache) {
    const include = /^(\s*)# include \/etc\/nginx\/gazette-microcache\.conf;$/m;
    assert.match(site, include, 'the shipped file offers the micro-cache as one commented include');
    site = site.replace(include, `$1include ${join(ROOT, 'deploy/nginx/gazette-microcache.conf')};`);
  }
  site = site.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`).replace('/var/cache/nginx/gazette', join(dir, 'cache'));
  writeFileSync(join(dir, 'gazette.conf'), site);
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  include ${dir}/gazette.conf;
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break;
    const ok = await fetch(url + '/healthz').then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
  await stop();
  throw new Error(`nginx did not answer:\n${out}\n${log}`);
}
