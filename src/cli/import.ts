/**
 * `gazette import wordpress FILE.xml [--uploads DIR] [--download] [--json]` (or `--report [--old-urls LIST]`)
 * and `gazette import json FILE.json`.
 * Progress goes to stderr (a bar on a terminal, plain lines otherwise) so `--json` output on stdout
 * stays clean for scripts.
 *
 * What a command runs is loaded when it runs, here and in every command module: each `gazette`
 * command starts a process, and one that loaded every command's code (the importer, the whole
 * HTTP application for `--old-urls`) paid for all of it to print a version or set a setting.
 */
import type { Command } from 'commander';
import { withDeps } from './config.js';
import type { Progress } from '../importers/wordpress/import-wxr.js';
import type { ImportSummary } from '../importers/wordpress/context.js';
import type { ImportReport } from '../importers/wordpress/report.js';

/** A progress reporter: a cli-progress bar with items/s and time left, or a line every few seconds. */
async function progressReporter(): Promise<{ update(p: Progress): void; stop(): void }> {
  const started = Date.now();
  const rate = (items: number) => Math.round(items / Math.max(0.001, (Date.now() - started) / 1000));
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      {
        format: 'Importing |{bar}| {percentage}% | {items} items | {rate} items/s | ETA {eta_formatted}',
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started_ = false;
    return {
      update(p) {
        if (!started_) bar.start(p.totalBytes, 0, { items: 0, rate: 0 }), (started_ = true);
        bar.update(p.bytes, { items: p.items, rate: rate(p.items) });
      },
      stop: () => started_ && bar.stop(),
    };
  }
  let last = 0;
  return {
    update(p) {
      if (Date.now() - last < 2000) return;
      last = Date.now();
      const pct = p.totalBytes ? Math.floor((100 * p.bytes) / p.totalBytes) : 100;
      process.stderr.write(`import: ${p.items} items, ${pct}% of the file, ${rate(p.items)} items/s\n`);
    },
    stop() {},
  };
}

function printSummary(s: ImportSummary): void {
  const out = process.stdout;
  out.write(
    `Imported from WordPress: ${s.articles} articles, ${s.pages} pages, ${s.comments} comments, ${s.sections} sections, ${s.tags} tags, ${s.authors} authors, ${s.media} media.\n`,
  );
  if (s.unpublished.length) {
    out.write(`Kept from the public (${s.unpublished.length}):\n`);
    for (const u of s.unpublished) out.write(`  post ${u.id}: ${u.reason}\n`);
  }
  if (s.mentions) out.write(`Pingbacks and trackbacks kept as mentions: ${s.mentions}.\n`);
  if (s.strayAuthors?.length)
    out.write(`Posts by names that are no author of the export (${s.strayAuthors.join(', ')}) went to ${'--default-author'} or to no one.\n`);
  if (s.mediaFailed?.length) {
    out.write(`Media not taken in (${s.mediaFailed.length}); stories show their alt text instead:\n`);
    for (const f of s.mediaFailed.slice(0, 50)) out.write(`  attachment ${f.id} ${f.url}: ${f.reason}\n`);
    if (s.mediaFailed.length > 50) out.write(`  … and ${s.mediaFailed.length - 50} more (--json lists all)\n`);
  }
  if (s.skipped.length) {
    out.write(`Skipped (${s.skipped.length}):\n`);
    for (const k of s.skipped.slice(0, 50)) out.write(`  ${k.id}: ${k.reason}\n`);
    if (s.skipped.length > 50) out.write(`  … and ${s.skipped.length - 50} more (--json lists all)\n`);
  }
}

/** A list printed with its count, the first 50 lines, and a pointer to `--json` for the rest. */
function printList(title: string, lines: string[]): void {
  if (!lines.length) return;
  process.stdout.write(`${title} (${lines.length}):\n`);
  for (const l of lines.slice(0, 50)) process.stdout.write(`  ${l}\n`);
  if (lines.length > 50) process.stdout.write(`  … and ${lines.length - 50} more (--json lists all)\n`);
}

function printReport(file: string, r: ImportReport): void {
  const w = r.would;
  process.stdout.write(`Report on ${file}: nothing was written.\n`);
  process.stdout.write(
    `Would import: ${w.articles} articles, ${w.pages} pages, ${w.comments} comments, ${w.mentions} mentions (pingbacks and trackbacks), ${w.sections} sections, ${w.tags} tags, ${w.authors} authors, ${w.media} media.\n`,
  );
  printList(
    'Kept from the public',
    r.unpublished.map((u) => `post ${u.id}: ${u.reason}`),
  );
  printList(
    'Left out',
    r.dropped.map((k) => `${k.id}: ${k.reason}`),
  );
  printList(
    'Media that would be missing (stories show their alt text)',
    r.mediaMissing.map((m) => `attachment ${m.id} ${m.url}: ${m.reason}`),
  );
  if (r.mediaToDownload) process.stdout.write(`Media to download from the old site: ${r.mediaToDownload} (not tried in a report).\n`);
  if (r.permalinkStructure) process.stdout.write(`Permalinks of the old site: ${r.permalinkStructure} (every address of that shape will answer 301).\n`);
  printList(
    'Old addresses that will answer 301',
    r.redirects.map((x) => `${x.from} → ${x.to}`),
  );
}

export function registerImportCommands(cli: Command): void {
  const imp = cli.command('import').description('bring content in: a WordPress export, or a Gazette JSON export');
  imp
    .command('wordpress <file>')
    .description('import a WordPress export (WXR 1.0–1.2): authors, categories, tags, posts, pages, media, comments')
    .option('--uploads <dir>', 'a local copy of wp-content/uploads, to take the files in')
    .option('--download', 'download the attachments the uploads folder does not have from the old site')
    .option('--download-timeout <seconds>', 'give up on a file the old site has not sent in this time', '30')
    .option('--max-file-mb <mb>', 'refuse attachments larger than this', '20')
    .option('--default-author <login>', 'the author (login, email or slug) of posts whose dc:creator is no author of the export')
    .option('--report', 'write nothing: print what the import would bring, leave out, miss and redirect')
    .option('--old-urls <file>', "with --report: the old site's URLs (one a line) or its sitemap; says how each answers on this site now")
    .option('--json', 'print the summary (or the report) as JSON')
    .action(
      (
        file: string,
        o: {
          uploads?: string;
          download?: boolean;
          downloadTimeout: string;
          maxFileMb: string;
          defaultAuthor?: string;
          report?: boolean;
          oldUrls?: string;
          json?: boolean;
        },
      ) =>
        withDeps(async (deps) => {
          if (o.oldUrls && !o.report) throw new Error('--old-urls goes with --report (it checks the site, it imports nothing)');
          if (o.report) {
            const [{ reportImport }, { checkOldUrlsOnSite, printOldUrlReport }] = await Promise.all([
              import('../importers/wordpress/report.js'),
              import('./old-url-check.js'),
            ]);
            const tz = String((await deps.settings.all())['site.timezone'] ?? 'UTC');
            const report = await reportImport({ file, tz, uploadsDir: o.uploads, download: o.download });
            const oldUrls = o.oldUrls ? await checkOldUrlsOnSite(deps, o.oldUrls) : undefined;
            if (o.json) process.stdout.write(JSON.stringify(oldUrls ? { ...report, oldUrls } : report) + '\n');
            else {
              printReport(file, report);
              if (oldUrls) printOldUrlReport(oldUrls);
            }
            return;
          }
          const { importWordPress } = await import('../importers/wordpress/import-wxr.js');
          const progress = await progressReporter();
          let summary: ImportSummary;
          try {
            const seconds = Number(o.downloadTimeout);
            const maxMb = Number(o.maxFileMb);
            if (!(seconds > 0) || !(maxMb > 0)) throw new Error('--download-timeout and --max-file-mb take a positive number');
            summary = await importWordPress(deps, {
              file,
              uploadsDir: o.uploads,
              download: o.download,
              downloadTimeoutMs: seconds * 1000,
              maxMediaBytes: Math.round(maxMb * 1024 * 1024),
              defaultAuthor: o.defaultAuthor,
              onProgress: (p) => progress.update(p),
            });
          } finally {
            progress.stop();
          }
          if (o.json) process.stdout.write(JSON.stringify(summary) + '\n');
          else printSummary(summary);
        }),
    );
  imp
    .command('json <file>')
    .description('read back a `gazette export FILE.json` into an empty site')
    .action((file: string) =>
      withDeps(async (deps) => {
        const { restoreSite } = await import('../importers/dump/restore.js');
        const r = await restoreSite(deps, file);
        process.stdout.write(`Imported ${r.rows} rows from ${r.tables} tables.\n`);
      }),
    );
}
