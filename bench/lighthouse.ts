/**
 * Lighthouse's performance score on a phone (its defaults: Moto G Power screen, slow 4G, a CPU 4×
 * slower than this one) for the front page, an article with a wide lead image, a section and a
 * search, against a bare static page (a heading and a paragraph, served by node:http) measured by
 * the same Lighthouse in the same run, before and after. The score is simulated from the time this
 * machine's CPU took: on a shared machine the bare page itself scores well under 1, hence the ratio.
 * The goal (issue 11) is a score of at least 0.95 on each page; tests check the rest
 * (test/lighthouse-finds-the-reader-pages-accessible-fast-and-findable-on-a-phone.test.ts).
 */
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { startServer } from '../test/helpers/server.js';
import { lighthouseBrowser, type LighthouseRun } from '../test/helpers/lighthouse.js';
import { addWideLeadImage, READER_PAGES } from '../test/helpers/lead-image.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';

const BARE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>A bare page</title><meta name="description" content="A bare page: what Lighthouse's performance score can be on this machine now.">
</head><body><main><h1>A bare page</h1><p>One heading and one paragraph, served from memory by node:http, to measure what
Lighthouse's performance score can be on this machine at this moment.</p></main></body></html>`;

const metrics = (r: LighthouseRun) =>
  ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift']
    .map(
      (id) =>
        `${id
          .split('-')
          .map((w) => w[0].toUpperCase())
          .join('')} ${r.audits[id].displayValue ?? ''}`,
    )
    .join(', ');

export const lighthouseBench: Benchmark = {
  name: 'lighthouse',
  title: 'Lighthouse performance on a phone: four reader pages vs a bare page in the same run',
  needs: [],
  async run(ctx) {
    const bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BARE));
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}/`;
    const s = await startServer('sqlite');
    const lh = await lighthouseBrowser();
    try {
      await addWideLeadImage(s);
      const load = [loadavg()[0]];
      const first = await lh.run(bareUrl);
      ctx.log(`lighthouse: bare page ${first.scores.performance} (${metrics(first)})`);
      const runs: [string, LighthouseRun][] = [];
      for (const [name, path] of Object.entries(READER_PAGES)) {
        const r = await lh.run(s.url + path);
        ctx.log(`lighthouse: ${name} ${r.scores.performance} (${metrics(r)}) ${r.weak('performance').join('; ')}`);
        runs.push([name, r]);
        load.push(loadavg()[0]);
      }
      const last = await lh.run(bareUrl);
      const baseline = (first.scores.performance + last.scores.performance) / 2;
      const note = `bare page ${first.scores.performance} before, ${last.scores.performance} after; load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`;
      return runs.map(
        ([name, r]): Measurement => ({
          bench: 'lighthouse',
          what: `Lighthouse performance, phone: ${name}`,
          value: r.scores.performance,
          unit: 'score',
          baseline: { what: 'a bare static page, same run', value: Math.round(baseline * 100) / 100 },
          ratio: ratio(r.scores.performance, baseline),
          ratioMeans: '× the bare page',
          note: `${metrics(r)}; ${note}; goal: score ≥ 0.95`,
        }),
      );
    } finally {
      await lh.close();
      await s.close();
      bare.close();
    }
  },
};
