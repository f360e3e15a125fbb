/**
 * `npm run bench [-- NAME… ] [--seconds S]`: runs the benchmarks (all by default, see
 * benchmarks.ts), prints a table of ratios against same-run baselines and writes
 * bench/results.json. Not part of `npm test`; tests never assert on time.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { BENCHMARKS } from './benchmarks.js';
import { ensureDataset, type Dataset } from './lib/data.js';
import { RESULTS } from './lib/paths.js';
import { usePinning } from './lib/proc.js';
import { markdownTable, textTable } from './lib/table.js';
import { ensureTools } from './lib/tools.js';
import type { BenchContext, Measurement } from './lib/types.js';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function parseArgs(argv: string[]) {
  const names: string[] = [];
  let seconds = 6;
  let markdown = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seconds') seconds = Math.min(60, Math.max(1, Number(argv[++i]) || 6));
    else if (argv[i] === '--markdown') markdown = true;
    else names.push(argv[i]);
  }
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    process.exit(2);
  }
  return { selected: names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS, seconds, markdown };
}

async function main(): Promise<void> {
  const { selected, seconds, markdown } = parseArgs(process.argv.slice(2));
  const tools = ensureTools(log);
  usePinning(tools.taskset);
  if (!tools.taskset) log('taskset not found: servers and wrk share the cores');
  const built = new Map<string, Promise<string>>();
  const ctx: BenchContext = {
    tools,
    log,
    seconds,
    dataset: (d: Dataset) => {
      if (!built.has(d.name)) built.set(d.name, ensureDataset(d, log));
      return built.get(d.name)!;
    },
  };
  const started = Date.now();
  const load = loadavg()[0];
  const results: Measurement[] = [];
  const skipped: { bench: string; reason: string }[] = [];
  for (const b of selected) {
    const missing = b.needs.filter((t) => !tools[t]);
    if (missing.length) {
      skipped.push({ bench: b.name, reason: `needs ${missing.join(', ')}` });
      log(`skipping ${b.name}: needs ${missing.join(', ')}`);
      continue;
    }
    log(`${b.name}: ${b.title}`);
    const t = Date.now();
    try {
      results.push(...(await b.run(ctx)));
    } catch (err) {
      skipped.push({ bench: b.name, reason: (err as Error).message.split('\n')[0] });
      log(`${b.name} failed: ${(err as Error).message}`);
    }
    log(`${b.name} took ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverageAtStart: Math.round(load * 100) / 100,
    seconds: Math.round((Date.now() - started) / 1000),
    results,
    skipped,
  };
  writeFileSync(RESULTS, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write('\n' + (markdown ? markdownTable(results) : textTable(results)) + '\n');
  for (const s of skipped) process.stdout.write(`skipped ${s.bench}: ${s.reason}\n`);
  process.stdout.write(
    `\n${results.length} figures in ${report.seconds} s (load average ${report.loadAverageAtStart} at start); written to bench/results.json\n`,
  );
  if (skipped.some((s) => !s.reason.startsWith('needs'))) process.exitCode = 1;
}

await main();
