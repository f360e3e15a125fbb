/**
 * `gazette demo --articles N --comments M`: synthetic content for benchmarks and scale tests.
 */
import type { Command } from 'commander';

export function registerDemoCommand(cli: Command): void {
  cli
    .command('demo')
    .description('add synthetic articles and comments (benchmarks, scale tests)')
    .option('--articles <n>', 'articles to add', '1000')
    .option('--comments <m>', 'comments to add, spread over the articles', '0')
    .action(async () => {
      throw new Error('demo is not implemented yet');
    });
}
