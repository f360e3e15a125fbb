/**
 * `gazette export [--format wxr|json] FILE`: the site as a WordPress export (WXR 1.2) or in the
 * Gazette JSON site format (docs/export-format.md). The format follows the file's extension
 * (`.xml` → wxr) unless `--format` says otherwise.
 */
import type { Command } from 'commander';
import { withDeps } from './config.js';

export function registerExportCommand(cli: Command): void {
  cli
    .command('export <file>')
    .description('write the site to FILE: WordPress WXR (.xml) or Gazette JSON (.json)')
    .option('--format <format>', 'wxr or json (default: from the extension)')
    .action((file: string, o: { format?: string }) =>
      withDeps(async (deps) => {
        const format = o.format ?? (/\.xml$/i.test(file) ? 'wxr' : 'json');
        if (format === 'wxr') {
          const { exportWxr } = await import('../importers/export/wxr-export.js');
          const r = await exportWxr(deps, file);
          process.stdout.write(`Exported ${r.items} items and ${r.comments} comments to ${file} (WXR 1.2).\n`);
        } else if (format === 'json') {
          const { dumpSite } = await import('../importers/dump/dump.js');
          const r = await dumpSite(deps, file, { includeSecret: false });
          process.stdout.write(`Exported ${r.rows} rows from ${r.tables} tables to ${file}.\n`);
        } else throw new Error(`--format must be wxr or json, not ${format}`);
      }),
    );
}
