/**
 * `gazette user reset-password --email E`: prints a one-time link (valid one hour) to choose a new
 * password, rather than setting one. The operator never learns the password, the owner chooses it,
 * and using the link signs the account out everywhere, as a reset should.
 */
import type { Command } from 'commander';
import { withDeps } from './config.js';

export function registerUserCommands(user: Command): void {
  user
    .command('reset-password')
    .description('print a one-time link (valid one hour) to choose a new password')
    .requiredOption('--email <email>', 'the account')
    .action((o: { email: string }) =>
      withDeps(async (deps) => {
        const account = await deps.kysely
          .selectFrom('users')
          .select(['id', 'disabled_at'])
          .where('email', '=', o.email.trim().toLowerCase())
          .executeTakeFirst();
        if (!account) throw new Error(`no account for ${o.email}`);
        if (account.disabled_at !== null) throw new Error(`the account ${o.email} is deactivated; reactivate it in the newsroom first`);
        const [{ issueToken }, { passwordLink }] = await Promise.all([import('../newsroom/auth/tokens.js'), import('../newsroom/auth/reset.js')]);
        const token = await deps.write((trx) => issueToken(trx, account.id, 'reset', deps.clock.now()));
        process.stdout.write(`Reset link for ${o.email} (works once, within an hour):\n${passwordLink(deps, token)}\n`);
      }),
    );
}
