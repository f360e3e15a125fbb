/**
 * Load with wrk: one thread, N keep-alive connections, a fixed duration, pinned to its own core.
 * Several paths rotate through a small Lua script so a cold-path run does not hit one row only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, spawnPinned } from './proc.js';

export interface WrkOptions {
  url: string;
  /** Paths to rotate through (default: the URL's own). */
  paths?: string[];
  connections: number;
  seconds: number;
  threads?: number;
  cpus?: string;
  /** The server's pid: its CPU time per request is measured too. */
  serverPid?: number;
}

export interface WrkResult {
  rps: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx/3xx answers and socket errors: a run with any is suspect. */
  errors: number;
  /** Server CPU milliseconds per request (NaN without `serverPid`). */
  cpuMs: number;
}

function ms(v: string, unit: string): number {
  const n = Number(v);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

export function parseWrk(out: string): WrkResult {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? ms(m[1], m[2]) : NaN;
  };
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (sock ? Number(sock[1]) + Number(sock[2]) + Number(sock[3]) + Number(sock[4]) : 0);
  if (!Number.isFinite(rps)) throw new Error(`could not read wrk's output:\n${out}`);
  return { rps, p50: pct('50'), p99: pct('99'), requests, errors, cpuMs: NaN };
}

export async function wrk(o: WrkOptions): Promise<WrkResult> {
  const args = [`-t${o.threads ?? 1}`, `-c${o.connections}`, `-d${o.seconds}s`, '--latency', '--timeout', '10s'];
  let dir: string | undefined;
  if (o.paths?.length) {
    dir = mkdtempSync(join(tmpdir(), 'gazette-bench-wrk-'));
    const script = join(dir, 'paths.lua');
    writeFileSync(
      script,
      `local paths = {${o.paths.map((p) => JSON.stringify(p)).join(',\n')}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n`,
    );
    args.push('-s', script);
  }
  args.push(o.url);
  try {
    const cpuBefore = o.serverPid ? cpuSeconds(o.serverPid) : NaN;
    const child = spawnPinned('wrk', args, o.cpus);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`wrk exited with ${code}:\n${out}`);
    const r = parseWrk(out);
    if (o.serverPid && r.requests > 0) r.cpuMs = ((cpuSeconds(o.serverPid) - cpuBefore) * 1000) / r.requests;
    return r;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export interface WrkRun {
  rps: number;
  p99: number;
  errors: number;
  requests: number;
  /** wrk's own CPU seconds (user + system) and the run's seconds. */
  wrkCpu: number;
  seconds: number;
  /** CPU seconds the server (every process of it) used during the run. */
  serverCpu: number;
}

/** Plain wrk on one URL, through bash so `times` reports wrk's own CPU time. */
export async function plainWrk(url: string, seconds: number, cpus: string | undefined, serverPid?: number, connections = 32): Promise<WrkRun> {
  const cpu0 = serverPid ? cpuSeconds(serverPid) : NaN;
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s', url];
  const child = spawnPinned('bash', ['-c', 'wrk "$@"; status=$?; times; exit $status', 'wrk', ...args], cpus);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const serverCpu = serverPid ? cpuSeconds(serverPid) - cpu0 : NaN;
  if (code !== 0) throw new Error(`wrk exited with ${code}:\n${out}`);
  const r = parseWrk(out);
  // `times`: the shell's user and system time, then its children's (wrk's).
  const lines = out.trim().split('\n').slice(-1)[0].trim().split(/\s+/);
  const secs = (t: string) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  return { rps: r.rps, p99: r.p99, errors: r.errors, requests: r.requests, wrkCpu: secs(lines[0]) + secs(lines[1]), seconds, serverCpu };
}

/** Two or more wrk runs as one: summed, with their mean rate and the worst p99. */
export function merged(runs: WrkRun[]): WrkRun {
  const sum = (f: (r: WrkRun) => number) => runs.reduce((a, r) => a + f(r), 0);
  return {
    rps: sum((r) => r.rps) / runs.length,
    p99: Math.max(...runs.map((r) => r.p99)),
    errors: sum((r) => r.errors),
    requests: sum((r) => r.requests),
    wrkCpu: sum((r) => r.wrkCpu),
    seconds: sum((r) => r.seconds),
    serverCpu: sum((r) => r.serverCpu),
  };
}
