/**
 * Every benchmark, in the order `npm run bench` runs them. `npm run bench -- NAME…` runs some.
 *
 * Adding one: a file in bench/ exporting a {@link Benchmark} (see lib/types.ts) that measures
 * against a baseline taken in the same run, and a line here.
 * - `comments`: POST /comments throughput (issue 3) against GET /healthz on the same server, with the
 *   form token the form carries; see comments.ts for why that baseline.
 * - `comment-cost`: server CPU and PostgreSQL round trips per approved comment (issue 8), against another
 *   build (GAZETTE_BENCH_BASE) or GET /healthz.
 * - `comments-postgres`: the same at 1,000/s open loop on PostgreSQL, against SQLite (issue 8).
 * - `stuck-node`: comment p99 on one PostgreSQL node while another is frozen, against both running.
 * - `hot`: the hot story (issue 8), an article read while comments arrive on it; see hot.ts.
 * - `anonymous`: the most expensive requests anyone can send, in cold article renders (issue 9).
 * - `lighthouse`: Lighthouse's performance score on a phone for four reader pages, against a bare
 *   page in the same run (issue 11).
 */
import type { Benchmark } from './lib/types.js';
import { anonymousBench } from './anonymous.js';
import { articleBench } from './article.js';
import { coldBench } from './cold.js';
import { commentsBench } from './comments.js';
import { commentCostBench } from './comment-cost.js';
import { commentsPostgresBench } from './comments-postgres.js';
import { stuckNodeBench } from './stuck-node.js';
import { hotBench } from './hot.js';
import { importBench } from './import.js';
import { lighthouseBench } from './lighthouse.js';
import { searchBench } from './search.js';
import { startupBench } from './startup.js';

export const BENCHMARKS: Benchmark[] = [
  articleBench,
  hotBench,
  coldBench,
  searchBench,
  startupBench,
  importBench,
  commentsBench,
  commentCostBench,
  commentsPostgresBench,
  stuckNodeBench,
  anonymousBench,
  lighthouseBench,
];
