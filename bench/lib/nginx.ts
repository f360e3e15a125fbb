/**
 * nginx serving one file, the baseline for page throughput: `worker_processes N`, sendfile,
 * keep-alive, no access log, and the same extra headers Gazette sends so both answers weigh alike.
 */
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, freePort, spawnPinned, stop, waitForOk } from './proc.js';
import type { RunningServer } from './gazette.js';

export interface NginxOptions {
  body: Buffer;
  /** Extra response headers, [name, value] pairs (content-type is given separately). */
  headers: [string, string][];
  contentType: string;
  workers: number;
  cpus?: string;
}

export async function startNginx(o: NginxOptions): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-bench-nginx-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'page.html'), o.body);
  const port = await freePort();
  const quote = (v: string) => '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  const conf = `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes ${o.workers};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  server {
    listen 127.0.0.1:${port};
    root ${dir};
    location / {
      default_type ${quote(o.contentType)};
      try_files /page.html =404;
${o.headers.map(([k, v]) => `      add_header ${k} ${quote(v)};`).join('\n')}
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child = spawnPinned('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], o.cpus);
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  let startMs: number;
  try {
    startMs = await waitForOk(url + '/', child, performance.now(), 10_000);
  } catch (err) {
    await stop(child);
    throw new Error(`nginx: ${(err as Error).message}\n${output()}`);
  }
  return {
    url,
    child,
    startMs,
    async stop() {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
