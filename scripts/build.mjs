// Builds the server (tsc, incremental) and the browser bundles (esbuild): `npm start` and `npm test`
// call this, so a fresh clone just works. The bundles go to dist/public/, served beside public/.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

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
} catch {
  // esbuild has printed what went wrong.
  process.exit(1);
}
