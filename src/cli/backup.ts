/**
 * `gazette backup FILE` (online, consistent, while the site serves) and `gazette restore FILE`
 * (into an empty data directory or database only).
 */
import type { Command } from 'commander';
import { withDeps } from './config.js';

export function registerBackupCommands(cli: Command): void {
  cli
    .command('backup <file>')
    .description('a consistent copy of the database, taken while the site keeps serving')
    .action((file: string) =>
      withDeps(async (deps) => {
        const { backupSite } = await import('../importers/backup.js');
        const r = await backupSite(deps, file);
        process.stdout.write(`Backed up to ${file} (${r.kind === 'sqlite' ? 'SQLite online backup' : 'PostgreSQL snapshot, JSON site format'}).\n`);
      }),
    );
  cli
    .command('restore <file>')
    .description('restore a backup (or JSON export) into an empty data directory or database')
    .action((file: string) =>
      withDeps(async (deps) => {
        const { restoreSite } = await import('../importers/dump/restore.js');
        const r = await restoreSite(deps, file);
        process.stdout.write(`Restored ${r.rows} rows in ${r.tables} tables from ${file}.\n`);
      }),
    );
}
