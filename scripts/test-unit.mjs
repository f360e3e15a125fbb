// The unit loop (`npm run test:unit`): every src/**/*.test.ts(x), run with node's test runner after
// esbuild strips the types of src/ into dist-unit/ (about a second; no type check, which
// `npm run build` does). Files keep their place two folders below the root, as in dist/, so paths
// built from import.meta.url resolve the same. Arguments filter the files like scripts/test.mjs.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

function find(dir, test, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, test, out);
    else if (test(name)) out.push(p);
  }
  return out;
}

const started = performance.now();
rmSync('dist-unit', { recursive: true, force: true });
try {
  await build({
    entryPoints: [...find('src', (n) => /\.tsx?$/.test(n) && !n.endsWith('.d.ts')), ...find('test/helpers', (n) => n.endsWith('.ts'))],
    outdir: 'dist-unit',
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} catch {
  process.exit(1); // esbuild has printed what went wrong
}
// Data a module reads beside itself at run time (src/cli/demo/vocabulary.json).
for (const f of find('src', (n) => n.endsWith('.json'))) cpSync(f, join('dist-unit', f));
const only = process.argv.slice(2);
const files = find('dist-unit', (n) => n.endsWith('.test.js'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
if (!files.length) {
  console.error('no unit tests found under src/');
  process.exit(1);
}
// A hung test fails after three minutes (node's runner bounds each file by it too; a loaded machine
// runs the database-backed thread tests slowly).
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=180000', '--test-reporter=spec', ...files], { stdio: 'inherit' });
console.log(`unit tests: ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(r.status ?? 1);
