// Builds the TypeScript into dist/ (incrementally), removes what no source produces any more (a
// renamed or deleted file's old output would otherwise still load, and a renamed test still run),
// then bundles the browser code (esbuild) into dist/public/, served beside public/. `npm start` and
// `npm test` call this, so a fresh clone just works.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

function prune(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      prune(p);
      if (!readdirSync(p).length) rmSync(p, { recursive: true });
      continue;
    }
    const m = /^(.*)\.js(\.map)?$/.exec(relative('dist', p));
    if (!m) continue;
    const stem = m[1];
    if (!['.ts', '.tsx', '.mts'].some((ext) => existsSync(stem + ext))) rmSync(p);
  }
}
if (existsSync('dist')) prune('dist');

// Data read beside a module at run time (src/cli/demo/vocabulary.json): tsc copies only what is
// imported, so the JSON files under src/ are copied here, and a copy whose source is gone removed.
function copyData(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) copyData(p);
    else if (name.endsWith('.json')) cpSync(p, join('dist', p));
  }
}
copyData('src');
function pruneData(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) pruneData(p);
    else if (name.endsWith('.json') && !existsSync(relative('dist', p))) rmSync(p);
  }
}
pruneData('dist/src');

// The browser bundles, built each time (about a second): the story editor and the stylesheets.
try {
  await build({
    entryPoints: { 'story-editor': 'src/newsroom/editor/main.ts' },
    outdir: 'dist/public',
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome109', 'firefox115', 'safari16'],
    legalComments: 'linked',
    logLevel: 'warning',
  });
  // The reader's stylesheets, minified: the article page's budget (HTML + CSS under 30 KB) counts
  // bytes before compression. public/ keeps the commented source; dist/public/ wins at serve time.
  await build({
    entryPoints: ['public/style.css', 'public/listing.css', 'public/blocks.css', 'public/admin.css', 'public/editor.css'].filter((f) => existsSync(f)),
    outdir: 'dist/public',
    minify: true,
    target: ['chrome109', 'firefox115', 'safari16'],
    logLevel: 'warning',
  });
} catch {
  // esbuild has printed what went wrong.
  process.exit(1);
}
