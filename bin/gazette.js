#!/usr/bin/env node
// The `gazette` command. Runs the compiled CLI; `npm run build` compiles it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('gazette: not built yet; run `npm run build` (npm start builds for you)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main();
