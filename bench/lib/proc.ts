/**
 * Child processes for the benchmarks: started pinned to cores, waited for over HTTP, measured,
 * and always stopped (also when the run is interrupted).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import http from 'node:http';

const running = new Set<ChildProcess>();
let taskset = false;

/** Whether to pin processes with taskset (set once from the tools found). */
export function usePinning(on: boolean): void {
  taskset = on;
}

function stopAll(): void {
  for (const c of running) c.kill('SIGKILL');
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => (stopAll(), process.exit(130)));

/** Spawns `cmd args` pinned to `cpus` (e.g. '0', '0,1'; undefined: anywhere). */
export function spawnPinned(cmd: string, args: string[], cpus: string | undefined, opts: SpawnOptions = {}): ChildProcess {
  const pinned = taskset && cpus !== undefined;
  const child = spawn(pinned ? 'taskset' : cmd, pinned ? ['-c', cpus, cmd, ...args] : args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/**
 * Pins this process (every thread of it) to `cpus` until the returned function puts back the cores
 * it had: a load generator running in the bench's own process (the hot story's comment sender)
 * then shares wrk's core instead of the server's. Processes spawned meanwhile inherit the pin.
 */
export function pinSelf(cpus: string): () => void {
  if (!taskset) return () => {};
  const was = /:\s*([0-9a-f]+)\s*$/i.exec(spawnSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' }).stdout)?.[1];
  spawnSync('taskset', ['-a', '-pc', cpus, String(process.pid)]);
  return () => {
    if (was) spawnSync('taskset', ['-a', '-p', was, String(process.pid)]);
  };
}

/** Stops a child and waits for it to exit (SIGKILL after `graceMs`). */
export async function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** One GET with exactly the headers given (no Accept-Encoding unless asked, as wrk sends). */
export function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${url} timed out`)));
  });
}

/** Polls `url` until it answers 200; returns the milliseconds it took from `since`. */
export async function waitForOk(url: string, child: ChildProcess, since: number, timeoutMs = 60_000, everyMs = 10): Promise<number> {
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', () => resolve(false));
      req.setTimeout(2000, () => req.destroy());
    });
    if (ok) return performance.now() - since;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * CPU seconds (user + system) a process and its children (cluster or nginx workers) have used.
 * On a shared machine this is steadier than wall time: a server that gets less of a core
 * serves fewer requests per second but spends the same CPU on each.
 */
export function cpuSeconds(pid: number, depth = 0): number {
  let total = 0;
  try {
    // Fields after the command name: state is 3rd, utime 14th and stime 15th (in clock ticks, 100 a second).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += (Number(fields[11]) + Number(fields[12])) / 100;
    if (depth < 2) {
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      for (const c of children ? children.split(' ') : []) total += cpuSeconds(Number(c), depth + 1);
    }
  } catch {
    // The process is gone: it used nothing more.
  }
  return total;
}

/** Collects a child's output, for error messages. */
export function captureOutput(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr?.on('data', (d) => (out = (out + d).slice(-4000)));
  return () => out;
}
