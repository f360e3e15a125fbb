/**
 * Lighthouse (npm `lighthouse`, pinned) run against Debian's Chromium, with its default settings:
 * phone emulation (a Moto G Power's screen) and simulated slow 4G with a 4× slower CPU. Used by the
 * Lighthouse test (the categories and the audits a page decides) and by `npm run bench --
 * lighthouse` (the performance score, which is a measure of time and so never asserted by a test).
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './chromium.js';
import { freePort } from './server.js';

/** Lighthouse's errors that mean its trace recording failed, for which it says to run it again. */
const RERUN = new Set(['NO_NAVSTART', 'NO_TRACING_STARTED', 'NO_DCL', 'TRACING_ALREADY_STARTED']);

export type Category = 'performance' | 'accessibility' | 'best-practices' | 'seo';
export const CATEGORIES: Category[] = ['performance', 'accessibility', 'best-practices', 'seo'];

export interface LighthouseAudit {
  id: string;
  score: number | null;
  numericValue?: number;
  displayValue?: string;
  details?: { items?: Record<string, unknown>[] };
}

export interface LighthouseRun {
  url: string;
  scores: Record<Category, number>;
  audits: Record<string, LighthouseAudit>;
  /** Audits of a category that count towards its score and scored under 0.9: what to fix first. */
  weak(category: Category): string[];
}

/** A Chromium Lighthouse can drive (through its DevTools port), and a function to run it on a URL. */
export async function lighthouseBrowser(): Promise<{ run(url: string): Promise<LighthouseRun>; close(): Promise<void> }> {
  const port = await freePort();
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', `--remote-debugging-port=${port}`],
  });
  const { default: lighthouse } = await import('lighthouse');
  return {
    async run(url) {
      let result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
      // Lighthouse's own trace sometimes misses the navigation on a busy machine and says to run it
      // again: it is, twice at most. Any other failure, or the same one three times, fails.
      for (let retry = 0; retry < 2 && result?.lhr.runtimeError && RERUN.has(result.lhr.runtimeError.code); retry++)
        result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
      if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score ?? 0])) as Record<Category, number>;
      const audits = lhr.audits as unknown as Record<string, LighthouseAudit>;
      return {
        url,
        scores,
        audits,
        weak(category) {
          return (lhr.categories[category]?.auditRefs ?? [])
            .filter((ref) => ref.weight > 0 && audits[ref.id]?.score !== null && (audits[ref.id]?.score ?? 1) < 0.9)
            .map((ref) => `${ref.id} ${audits[ref.id].score} ${audits[ref.id].displayValue ?? ''}`.trim());
        },
      };
    },
    async close() {
      await browser.close();
    },
  };
}
