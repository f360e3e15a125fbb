/**
 * The `gazette` command line. Every command works on the same DATA_DIR/DATABASE_URL as the server
 * and runs migrations itself; what it changes is seen by a running site at its next request.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { configOrExit } from './config.js';
import { registerCommands } from './commands.js';

/** The version in package.json (dist/src/cli/ is three levels below it). */
export function gazetteVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export function program(): Command {
  const cli = new Command('gazette')
    .description('Gazette: a news site with open comments')
    .version(gazetteVersion(), '-V, --version', 'print the version')
    .showHelpAfterError();
  cli
    .command('serve')
    .description('serve the site (creates the sample site on an empty database)')
    .option('-p, --port <port>', 'port (PORT)')
    .option('-H, --host <host>', 'address to listen on (HOST)')
    .option('-w, --workers <n>', 'processes (WORKERS)')
    .option('--no-sample', 'do not create the sample site on an empty database')
    .action(async (o: { port?: string; host?: string; workers?: string; sample: boolean }) => {
      const config = configOrExit({ PORT: o.port, HOST: o.host, WORKERS: o.workers });
      // Loaded here so that one-shot commands don't pay for the whole HTTP application.
      const { serve } = await import('../server/serve.js');
      await serve(config, { sample: o.sample });
    });
  registerCommands(cli);
  return cli;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    process.stderr.write(`gazette: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
