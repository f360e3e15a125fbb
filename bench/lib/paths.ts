/** Where the benchmarks find the project and keep their data. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (this file runs from dist/bench/lib/). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'gazette.js');
/** Demo databases, built once and reused (git-ignored; GAZETTE_BENCH_DATA puts them elsewhere, e.g. a bigger disk). */
export const DATA = process.env.GAZETTE_BENCH_DATA || join(ROOT, 'bench', '.data');
export const RESULTS = join(ROOT, 'bench', 'results.json');
