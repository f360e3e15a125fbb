/**
 * Every benchmark, in the order `npm run bench` runs them. `npm run bench -- NAME…` runs some.
 *
 * Adding one: a file in bench/ exporting a {@link Benchmark} (see lib/types.ts) that measures
 * against a baseline taken in the same run, and a line here. Planned:
 * - `comments`: POST /comments throughput (issue 3), against a cold article render on the same
 *   database, posting with the anti-spam fields the form carries.
 */
import type { Benchmark } from './lib/types.js';
import { articleBench } from './article.js';
import { coldBench } from './cold.js';
import { importBench } from './import.js';
import { searchBench } from './search.js';
import { startupBench } from './startup.js';

export const BENCHMARKS: Benchmark[] = [articleBench, coldBench, searchBench, startupBench, importBench];
