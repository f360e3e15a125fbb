/**
 * WordPress import rate (issue 5): a generated WXR of 100k posts and 500k comments imported into a
 * fresh SQLite database by `gazette import wordpress`, in a child process whose peak RSS is read
 * by /usr/bin/time (or by sampling /proc when it is absent). Goal: at least 5,000 items/s with peak
 * RSS under 300 MB.
 *
 * The baseline, taken in the same run: the streaming parser alone reading the same file
 * (`--parse-only`, the same reader the import uses), so the figure is import speed as a share of
 * parse speed, free of the machine's mood.
 *
 * With `--media` (and in `npm run bench`, after the plain run) the same posts carry media
 * references (bench/import-media.ts): an image block with a resized copy and its srcset, captions,
 * embeds and a featured image each, imported with `--uploads` so every body is rewritten to the
 * local copies; its baseline is the parser alone on that file.
 *
 * In `npm run bench` as `import` (its line in benchmarks.ts), or on its own:
 *   node dist/bench/import.js [--posts 100000] [--comments 500000] [--media]   (smaller for a quick run)
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileWriter } from '../src/importers/export/file-writer.js';
import { cdata } from '../src/kernel/xml.js';
import { readWxr } from '../src/importers/wordpress/wxr-reader.js';
import { BIN, DATA } from './lib/paths.js';
import { attachmentItems, mediaBody, thumbnailMeta, uploadsFolder } from './import-media.js';
import { ratio, type Benchmark, type Measurement } from './lib/types.js';

const WORDS = 'harbour council ferry quay budget storm lighthouse market school bridge election river festival museum tram station report vote plan crew'.split(
  ' ',
);

function paragraph(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]);
  return out.join(' ');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Streams a WXR of `posts` posts and `comments` comments (spread evenly, one in four a reply) to
 * `file`; with `media`, attachments and references to them in every post.
 */
export async function generateWxr(file: string, posts: number, comments: number, media = false): Promise<void> {
  const out = new FileWriter(file);
  await out.write(
    `<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench</title>\n<link>https://bench.example</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>https://bench.example</wp:base_site_url>\n`,
  );
  for (let a = 1; a <= 20; a++)
    await out.write(
      `<wp:author><wp:author_id>${a}</wp:author_id><wp:author_login>${cdata(`writer${a}`)}</wp:author_login><wp:author_email>${cdata(`writer${a}@bench.example`)}</wp:author_email><wp:author_display_name>${cdata(`Writer ${a}`)}</wp:author_display_name></wp:author>\n`,
    );
  for (let c = 1; c <= 30; c++)
    await out.write(
      `<wp:category><wp:term_id>${c}</wp:term_id><wp:category_nicename>${cdata(`section-${c}`)}</wp:category_nicename><wp:category_parent>${cdata(c > 10 ? `section-${c % 10 || 10}` : '')}</wp:category_parent><wp:cat_name>${cdata(`Section ${c}`)}</wp:cat_name></wp:category>\n`,
    );
  for (let t = 1; t <= 200; t++)
    await out.write(
      `<wp:tag><wp:term_id>${1000 + t}</wp:term_id><wp:tag_slug>${cdata(`tag-${t}`)}</wp:tag_slug><wp:tag_name>${cdata(`Tag ${t}`)}</wp:tag_name></wp:tag>\n`,
    );
  if (media) await out.write(attachmentItems());
  let commentId = 1;
  const start = Date.UTC(2010, 0, 1);
  for (let p = 1; p <= posts; p++) {
    const d = new Date(start + p * 3_600_000);
    const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:00:00`;
    const slug = `story-${p}`;
    const body = `<!-- wp:paragraph -->\n<p>${paragraph(p, 60)}</p>\n<!-- /wp:paragraph -->\n\n${paragraph(p + 1, 80)}\n\n<p>${paragraph(p + 2, 40)} <a href="https://bench.example/${p}">link</a></p>${media ? mediaBody(p) : ''}`;
    let xml = `<item><title>${cdata(`Story ${p}: ${paragraph(p, 6)}`)}</title><link>https://bench.example/${date.slice(0, 4)}/${date.slice(5, 7)}/${slug}/</link><dc:creator>${cdata(`writer${(p % 20) + 1}`)}</dc:creator><content:encoded>${cdata(body)}</content:encoded><excerpt:encoded>${cdata('')}</excerpt:encoded><wp:post_id>${p}</wp:post_id><wp:post_date>${cdata(date)}</wp:post_date><wp:post_date_gmt>${cdata(date)}</wp:post_date_gmt><wp:comment_status>open</wp:comment_status><wp:post_name>${cdata(slug)}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky><category domain="category" nicename="section-${(p % 30) + 1}">${cdata(`Section ${(p % 30) + 1}`)}</category><category domain="post_tag" nicename="tag-${(p % 200) + 1}">${cdata(`Tag ${(p % 200) + 1}`)}</category>${media ? thumbnailMeta(p) : ''}\n`;
    const n = Math.floor((comments * p) / posts) - Math.floor((comments * (p - 1)) / posts);
    const first = commentId;
    for (let i = 0; i < n; i++, commentId++) {
      const parent = i % 4 === 3 ? first : 0;
      xml += `<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author>${cdata(`Reader ${commentId % 5000}`)}</wp:comment_author><wp:comment_author_email>${cdata(`reader${commentId % 5000}@mail.example`)}</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP>${cdata(`10.0.${(commentId >> 8) & 255}.${commentId & 255}`)}</wp:comment_author_IP><wp:comment_date>${cdata(date)}</wp:comment_date><wp:comment_date_gmt>${cdata(date)}</wp:comment_date_gmt><wp:comment_content>${cdata(paragraph(commentId, 25))}</wp:comment_content><wp:comment_approved>${commentId % 10 === 0 ? 'spam' : '1'}</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n`;
    }
    await out.write(xml + '</item>\n');
  }
  await out.write('</channel>\n</rss>\n');
  await out.close();
}

interface Run {
  seconds: number;
  /** The largest single process's peak (from /usr/bin/time, else the sampled VmHWM). */
  peakRssMb: number;
  /**
   * The process tree's memory summed (the import and the media pass's child process, sampled every
   * 50 ms from /proc): what the machine had to hold at once.
   */
  treePeakMb: number;
  /** Each process's own peak (VmHWM), by what it ran: `import`, `media pass`. */
  parts: Record<string, number>;
  /** User + system CPU seconds (from /usr/bin/time; NaN without it): on a busy machine, what the run cost. */
  cpuSeconds: number;
  stdout: string;
}

/** `pid` and its descendants, each with its /proc status and command line (gone ones left out). */
function processTree(pid: number): Array<{ status: string; cmdline: string }> {
  const out: Array<{ status: string; cmdline: string }> = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    try {
      out.push({ status: readFileSync(`/proc/${p}/status`, 'utf8'), cmdline: readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ') });
      for (const task of readdirSync(`/proc/${p}/task`))
        for (const c of readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').split(' ')) if (c.trim()) todo.push(Number(c));
    } catch {
      // ended between two reads
    }
  }
  return out;
}

/** Runs a node script, measuring wall time and peak RSS (/usr/bin/time -v, else /proc sampling), and its process tree's. */
function measure(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const timeTool = existsSync('/usr/bin/time');
  const cmd = timeTool ? '/usr/bin/time' : process.execPath;
  const argv = timeTool ? ['-v', process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let treeKb = 0;
    const parts: Record<string, number> = {};
    const sampler = setInterval(() => {
      let sum = 0;
      for (const p of processTree(child.pid!)) {
        const m = /VmHWM:\s+(\d+)[\s\S]*VmRSS:\s+(\d+)/.exec(p.status);
        if (!m || p.cmdline.startsWith('/usr/bin/time')) continue;
        sum += Number(m[2]);
        const part = p.cmdline.includes('media-child') ? 'media pass' : 'import';
        parts[part] = Math.max(parts[part] ?? 0, Number(m[1]));
        if (!timeTool) peakKb = Math.max(peakKb, Number(m[1]));
      }
      treeKb = Math.max(treeKb, sum);
    }, 50);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      if (m) peakKb = Number(m[1]);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpuSeconds = user && sys ? Number(user[1]) + Number(sys[1]) : NaN;
      const mb = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v / 1024]));
      resolve({ seconds, peakRssMb: peakKb / 1024, treePeakMb: treeKb / 1024, parts: mb, cpuSeconds, stdout });
    });
    child.on('error', reject);
  });
}

/** `--parse-only FILE`: the reader alone, counting what the importer would handle. */
async function parseOnly(file: string): Promise<void> {
  let items = 0;
  for await (const r of readWxr(createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })))
    items += 1 + (r.kind === 'item' ? r.comments.length : 0);
  process.stdout.write(JSON.stringify({ items }) + '\n');
}

export async function runImportBench(posts: number, comments: number, log: (s: string) => void, media = false): Promise<Measurement[]> {
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `import-${media ? 'media-' : ''}${posts}-${comments}.xml`);
  if (!existsSync(file)) {
    log(`generating ${file} (${posts} posts, ${comments} comments${media ? ', media references' : ''})`);
    await generateWxr(file + '.tmp', posts, comments, media);
    (await import('node:fs')).renameSync(file + '.tmp', file);
  }
  log(`WXR file: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  const self = fileURLToPath(import.meta.url);
  const parse = await measure([self, '--parse-only', file], {});
  const items = (JSON.parse(parse.stdout) as { items: number }).items;
  log(`parse only: ${items} items in ${parse.seconds.toFixed(1)} s (${parse.cpuSeconds.toFixed(1)} CPU s), peak RSS ${parse.peakRssMb.toFixed(0)} MB`);
  const dataDir = mkdtempSync(join(DATA, 'import-run-'));
  try {
    const uploads = media ? ['--uploads', await uploadsFolder(DATA)] : [];
    const run = await measure([BIN, 'import', 'wordpress', file, ...uploads, '--json'], {
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'gazette.db')}`,
      LOG_LEVEL: 'warn',
    });
    const s = JSON.parse(run.stdout.trim().split('\n').pop()!) as { articles: number; comments: number; media: number; mediaFailed?: unknown[] };
    if (media && (s.media === 0 || s.mediaFailed?.length)) throw new Error(`the media did not come in: ${run.stdout.slice(-2000)}`);
    // The goal counts everything held at once: the process tree summed, or the largest process's own peak if a sample missed it.
    const peak = Math.max(run.treePeakMb, run.peakRssMb);
    const parts = Object.entries(run.parts)
      .map(([k, v]) => `${k} ${v.toFixed(0)} MB`)
      .join(', ');
    log(
      `import: ${s.articles} articles, ${s.comments} comments${media ? `, ${s.media} media` : ''} in ${run.seconds.toFixed(1)} s (${run.cpuSeconds.toFixed(1)} CPU s), peak RSS ${peak.toFixed(0)} MB (processes summed ${run.treePeakMb.toFixed(0)} MB; each one's own: ${parts})`,
    );
    const importRate = items / run.seconds;
    const parseRate = items / parse.seconds;
    return [
      {
        bench: 'import',
        what: `WordPress import, ${posts} posts + ${comments} comments${media ? ', media references rewritten' : ''} (items/s)`,
        value: Math.round(importRate),
        unit: 'items/s',
        baseline: { what: 'the streaming parser alone on the same file (items/s)', value: Math.round(parseRate) },
        ratio: ratio(importRate, parseRate),
        ratioMeans: '× parse-only speed',
        note: `goal ≥ 5,000 items/s: ${importRate >= 5000 ? 'met' : 'missed'}; ${Math.round(items / run.cpuSeconds)} items per CPU second (the import uses two threads)`,
      },
      {
        bench: 'import',
        what: `WordPress import${media ? ' with media references' : ''} peak RSS (MB)`,
        value: Math.round(peak),
        unit: 'MB',
        baseline: { what: 'the parser alone, peak RSS (MB)', value: Math.round(parse.peakRssMb) },
        ratio: ratio(peak, parse.peakRssMb),
        ratioMeans: '× parse-only memory',
        goal: undefined,
        note: `goal < 300 MB: ${peak < 300 ? 'met' : 'missed'}; the import's processes summed (sampled every 50 ms); each one's own peak: ${parts}`,
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const importBench: Benchmark = {
  name: 'import',
  title: 'WordPress import of 100k posts + 500k comments, plain and with media references, vs the parser alone',
  needs: [],
  run: async (ctx) => [...(await runImportBench(100_000, 500_000, ctx.log)), ...(await runImportBench(100_000, 500_000, ctx.log, true))],
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const flag = (name: string, dflt: number) => {
    const i = args.indexOf(name);
    return i === -1 ? dflt : Number(args[i + 1]);
  };
  if (args[0] === '--parse-only') await parseOnly(args[1]);
  else {
    const results = await runImportBench(
      flag('--posts', 100_000),
      flag('--comments', 500_000),
      (s) => process.stderr.write(`bench import: ${s}\n`),
      args.includes('--media'),
    );
    for (const r of results)
      process.stdout.write(`${r.what}: ${r.value} ${r.unit} (baseline ${r.baseline.value}: ${r.ratio.toFixed(3)} ${r.ratioMeans}; ${r.note})\n`);
  }
}
