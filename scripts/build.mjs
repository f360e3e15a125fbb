// Builds when sources are newer than the build: `npm start` calls this so a fresh clone just works.
import { spawnSync } from 'node:child_process';
const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
