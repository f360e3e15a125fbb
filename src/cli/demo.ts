/**
 * `gazette demo --articles N --comments M`: synthetic content for benchmarks and scale tests.
 *
 * Adds N published articles (3–6 KB bodies over eight sections, with tags and bylines, dated over
 * the past years) and M approved comments spread over them, some threaded. The text is drawn from
 * `--seed`, so two runs with the same seed write the same stories. What it adds shows on a
 * running site at its next request.
 */
import type { Command } from 'commander';
import { withDeps } from './config.js';
import type { DemoProgress } from './demo/generate.js';

interface DemoFlags {
  articles: string;
  comments: string;
  seed: string;
  years: string;
}

function count(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`${flag} must be a whole number from 0 to ${max}`);
  return n;
}

/** A progress bar on a terminal; elsewhere (CI, logs) a plain line every tenth of the way. */
async function progressReporter(total: number, unit: 'articles' | 'comments') {
  const started = Date.now();
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: `demo |{bar}| {percentage}% | {value}/{total} ${unit} | {comments} comments | {duration_formatted}`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { comments: 0 });
    return { update: (p: DemoProgress) => bar.update(p[unit], { comments: p.comments }), stop: () => bar.stop() };
  }
  let nextTenth = 1;
  return {
    update(p: DemoProgress) {
      if (p[unit] < (total * nextTenth) / 10 && p[unit] < total) return;
      while (p[unit] >= (total * nextTenth) / 10) nextTenth++;
      process.stderr.write(`demo: ${p.articles} articles, ${p.comments} comments (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    },
    stop() {},
  };
}

export function registerDemoCommand(cli: Command): void {
  cli
    .command('demo')
    .description('add synthetic articles and comments (benchmarks, scale tests)')
    .option('--articles <n>', 'articles to add', '1000')
    .option('--comments <m>', 'approved comments to add, spread over the new articles (or the existing ones with --articles 0)', '0')
    .option('--seed <seed>', 'the same seed writes the same stories', '1')
    .option('--years <y>', 'publication dates go back this many years', '5')
    .action((o: DemoFlags) => {
      const articles = count('--articles', o.articles, 10_000_000);
      const comments = count('--comments', o.comments, 100_000_000);
      const years = count('--years', o.years, 100);
      return withDeps(async (deps) => {
        const started = Date.now();
        const total = articles || comments;
        const { generateDemo } = await import('./demo/generate.js');
        const progress = total ? await progressReporter(total, articles ? 'articles' : 'comments') : null;
        try {
          const added = await generateDemo(deps, { articles, comments, seed: o.seed, years, onProgress: (p) => progress?.update(p) });
          progress?.stop();
          const seconds = (Date.now() - started) / 1000;
          process.stdout.write(`Added ${added.articles} articles and ${added.comments} comments in ${seconds.toFixed(1)} s\n`);
        } catch (err) {
          progress?.stop();
          throw err;
        }
      });
    });
}
