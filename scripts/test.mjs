// Runs every compiled test (dist/**/*.test.js), each in its own `node --test` process, a few at once.
//
// Where the time goes decides how they are scheduled:
// - A file that loops over both databases (`for (const d of DIALECTS)`) runs as two processes, one
//   per dialect (GAZETTE_TEST_DIALECT, read by test/helpers/server.ts), so its SQLite and
//   PostgreSQL halves run side by side instead of one after the other.
// - The slowest run first (seconds from the last run on this machine in dist/test-times.json, else
//   test/durations.json), so the run does not end waiting for one long file started last. A file
//   with no figure yet is taken as slow.
// - Most of a test's time is spent waiting for servers, browsers and databases, not computing, so
//   more run at once than there are cores (two per core), and more again while the cores sit idle
//   (up to four per core): TEST_CONCURRENCY fixes the number.
// Each process's output is printed whole when it ends; a summary lists failures and the slowest.
// Beside each its CPU seconds are printed (scripts/cpu-meter.mjs), which a busy machine hardly changes.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { cpuMeter } from './cpu-meter.mjs';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

/** A compiled test whose source was renamed or deleted must not run (scripts/build.mjs prunes too). */
function hasSource(file) {
  const stem = file.replace(/^dist\//, '').replace(/\.js$/, '');
  if (['.ts', '.tsx'].some((ext) => existsSync(stem + ext))) return true;
  rmSync(file);
  console.error(`removed ${file}: its source is gone`);
  return false;
}

const only = process.argv.slice(2);
const files = find('dist')
  .filter(hasSource)
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
if (!files.length) {
  console.error('no test files found under dist/');
  process.exit(1);
}

/** One process to run: a file, or one dialect's half of it. */
const units = files.flatMap((file) =>
  /\bof DIALECTS\b/.test(readFileSync(file, 'utf8'))
    ? ['sqlite', 'postgres'].map((dialect) => ({ file, dialect, name: `${file.replace(/^dist\//, '')} [${dialect}]` }))
    : [{ file, dialect: '', name: file.replace(/^dist\//, '') }],
);

const RECORD = 'dist/test-times.json';
const readTimes = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : {});
const known = { ...readTimes('test/durations.json'), ...readTimes(RECORD) };
units.sort((a, b) => (known[b.name] ?? Infinity) - (known[a.name] ?? Infinity));

// A test that hangs fails after this long instead of holding the run. Node's runner applies it to
// each file as a whole as well as to each test in it, so it is generous: a loaded 2-core machine
// starts servers and browsers slowly. TEST_TIMEOUT_MS overrides it.
const timeout = Number(process.env.TEST_TIMEOUT_MS) || 900_000;
const fixed = Number(process.env.TEST_CONCURRENCY);
const concurrency = fixed || Math.max(2, availableParallelism() * 2);
// Many test processes wait more than they compute (a CLI process, PostgreSQL, a browser's page), so
// when the cores sit idle for a while one more starts, up to twice the base; on a busy machine the
// base holds. TEST_CONCURRENCY fixes the number.
const ceiling = fixed || concurrency * 2;

/** The share of the machine's CPU time idle since the last call (/proc/stat), or 0 where unknown. */
let lastCpu = null;
function idleShare() {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = f.map(Number);
    const idle = n[3] + n[4];
    const total = n.reduce((a, b) => a + b, 0);
    const prev = lastCpu;
    lastCpu = { idle, total };
    return prev && total > prev.total ? (idle - prev.idle) / (total - prev.total) : 0;
  } catch {
    return 0;
  }
}

const started = performance.now();
const meter = cpuMeter();
const times = {};
const cpu = {};
const failed = [];
let next = 0;
let done = 0;

function run(unit) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const env = { ...process.env };
    if (unit.dialect) env.GAZETTE_TEST_DIALECT = unit.dialect;
    const child = spawn(process.execPath, ['--test', `--test-timeout=${timeout}`, '--test-reporter=spec', unit.file], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const cpuOf = meter.start(child.pid);
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - t0) / 1000;
      times[unit.name] = Math.round(seconds * 10) / 10;
      const cpuSeconds = cpuOf();
      if (cpuSeconds !== null) cpu[unit.name] = Math.round(cpuSeconds * 10) / 10;
      const ok = code === 0;
      if (!ok) failed.push(unit.name);
      done++;
      const cpuNote = unit.name in cpu ? `, CPU ${cpu[unit.name].toFixed(1)} s` : '';
      process.stdout.write(`\n${ok ? '✔' : '✖'} [${done}/${units.length}] ${unit.name} (${seconds.toFixed(1)} s${cpuNote}${signal ? `, ${signal}` : ''})\n`);
      process.stdout.write(Buffer.concat(out));
      resolve();
    });
  });
}

let running = 0;
let most = 0;
await new Promise((allDone) => {
  const start = () => {
    const unit = units[next++];
    running++;
    most = Math.max(most, running);
    void run(unit).then(() => {
      running--;
      fill();
    });
  };
  const fill = () => {
    while (running < concurrency && next < units.length) start();
    if (running === 0 && next >= units.length) {
      clearInterval(watch);
      allDone();
    }
  };
  // Every 3 s: idle for most of the last 3 s, and nothing started in it by this rule, starts one more.
  const watch = setInterval(() => {
    if (idleShare() > 0.35 && running < ceiling && next < units.length) start();
  }, 3000);
  idleShare();
  fill();
});

// Merged with the figures already there, so a run of a few files keeps the others'.
writeFileSync(RECORD, JSON.stringify({ ...readTimes(RECORD), ...times }, null, 1) + '\n');
const CPU_RECORD = 'dist/test-cpu.json';
if (Object.keys(cpu).length) writeFileSync(CPU_RECORD, JSON.stringify({ ...readTimes(CPU_RECORD), ...cpu }, null, 1) + '\n');
const slowest = Object.entries(times)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 8);
const wall = (performance.now() - started) / 1000;
const cpuTotal = Object.values(cpu).reduce((a, b) => a + b, 0);
console.log(`\n${units.length} test processes (${files.length} files), ${concurrency} at once (${most} at most), in ${wall.toFixed(0)} s`);
if (cpuTotal) console.log(`CPU: ${cpuTotal.toFixed(0)} s, counting ${meter.how}`);
console.log(
  'slowest:\n' +
    slowest.map(([n, s]) => `  ${String(s).padStart(6)} s  ${cpu[n] !== undefined ? `(CPU ${String(cpu[n]).padStart(5)} s)  ` : ''}${n}`).join('\n'),
);
if (failed.length) {
  console.log(`\n✖ ${failed.length} failed:\n` + failed.map((n) => `  ${n}`).join('\n'));
  process.exit(1);
}
console.log('✔ all passed');
