// Runs every compiled test (dist/**/*.test.js) with node's test runner.
// Node 20's `--test` takes no globs, so the files are listed here.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

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
// A test that hangs fails after this long instead of holding the run. Node's runner applies it to
// each file as a whole as well as to each test in it, so it is generous: a loaded 2-core machine
// starts servers and browsers slowly. TEST_TIMEOUT_MS overrides it.
const timeout = Number(process.env.TEST_TIMEOUT_MS) || 900_000;
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', `--test-timeout=${timeout}`, '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
