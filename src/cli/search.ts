/**
 * `gazette search rebuild`: builds the search index again from every visible story, with the text
 * search configuration of the site's language (after changing `site.language`, or to repair it).
 */
import type { Command } from 'commander';
import { indexConfig, rebuildSearchIndex, searchConfigFor } from '../db/search-index.js';
import { withDeps } from './config.js';

export function registerSearchCommands(cli: Command): void {
  const search = cli.command('search').description('the search index');
  search
    .command('rebuild')
    .description("rebuild the search index in the site language's configuration")
    .action(() =>
      withDeps(async (deps) => {
        const started = Date.now();
        const config = searchConfigFor(deps.db.dialect, await deps.settings.get('site.language'));
        const before = await indexConfig(deps.kysely);
        await deps.write(async (trx, stale) => {
          await rebuildSearchIndex(trx, deps.db.dialect, config);
          stale('front');
        });
        const n = await deps.kysely
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        process.stdout.write(
          `Rebuilt the search index (${before === config ? config : `${before ?? 'none'} → ${config}`}) over ${Number(n.n)} stories and pages in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
        );
      }),
    );
}
