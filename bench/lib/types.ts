/**
 * What a benchmark is and what it reports. Every figure is a ratio against a baseline measured in
 * the same run on the same machine, because these machines are shared and noisy.
 */
import type { Tools } from './tools.js';
import type { Dataset } from './data.js';

export interface Measurement {
  /** The benchmark that measured it (`article`, `cold`…). */
  bench: string;
  /** What was measured, in words. */
  what: string;
  value: number;
  unit: string;
  baseline: { what: string; value: number };
  /** value / baseline (or baseline / value where noted in `ratioMeans`). */
  ratio: number;
  /** What the ratio means, e.g. "× nginx" or "× slower at 100k". */
  ratioMeans: string;
  /**
   * The same comparison by server CPU time per request instead of wall-clock rate, oriented like
   * `ratio`: steadier when neighbours take turns on the cores.
   */
  cpuRatio?: number;
  /** The goal an issue set for the ratio. */
  goal?: { atLeast?: number; atMost?: number };
  note?: string;
}

export interface BenchContext {
  tools: Tools;
  log(line: string): void;
  /** The DATA_DIR of a demo database, built the first time. */
  dataset(d: Dataset): Promise<string>;
  /** Seconds per load run (a shorter run for a quick look: `--seconds 3`). */
  seconds: number;
}

export interface Benchmark {
  name: string;
  title: string;
  /** Tools without which it cannot run (it is skipped with the reason). */
  needs: (keyof Tools)[];
  run(ctx: BenchContext): Promise<Measurement[]>;
}

export function ratio(value: number, baseline: number): number {
  return baseline > 0 ? value / baseline : NaN;
}
