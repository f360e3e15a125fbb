/**
 * CLI commands other than `serve`. Each opens the database (migrating it), does one thing, closes.
 */
import type { Command } from 'commander';
import { withDeps } from './config.js';
import { isSettingKey, settingDefinitions } from '../settings/definitions.js';
import { createUser, ROLES } from '../content/users.js';
import { generatePassword } from '../kernel/passwords.js';
import type { Role } from '../db/schema.js';
import { collectStats, statsTable } from '../content/stats.js';
import { registerDemoCommand } from './demo.js';
import { registerUserCommands } from './users.js';
import { registerPrivacyCommands } from './privacy.js';
import { registerCommentCommands } from './comments.js';
import { registerImportCommands } from './import.js';
import { registerExportCommand } from './export.js';
import { registerBackupCommands } from './backup.js';
import { isEmailAddress } from '../kernel/email.js';
import { registerSearchCommands } from './search.js';

export function registerCommands(cli: Command): void {
  const settings = cli.command('settings').description('site settings, by key');
  settings
    .command('list')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      withDeps(async (deps) => {
        const all = await deps.settings.all();
        if (o.json) return void process.stdout.write(JSON.stringify(all, null, 2) + '\n');
        for (const [k, v] of Object.entries(all)) process.stdout.write(`${k} = ${JSON.stringify(v)}\n`);
      }),
    );
  settings.command('get <key>').action((key: string) =>
    withDeps(async (deps) => {
      if (!isSettingKey(key)) throw new Error(`unknown setting ${key}; see \`gazette settings list\``);
      const v = await deps.settings.get(key);
      process.stdout.write((typeof v === 'string' ? v : JSON.stringify(v)) + '\n');
    }),
  );
  settings.command('set <key> <value>').action((key: string, value: string) =>
    withDeps(async (deps) => {
      if (!isSettingKey(key)) throw new Error(`unknown setting ${key}; known: ${Object.keys(settingDefinitions).join(', ')}`);
      const v = await deps.write(async (trx, stale) => {
        const r = await deps.settings.set(key, value, trx);
        stale('*');
        return r;
      });
      process.stdout.write(`${key} = ${JSON.stringify(v)}\n`);
    }),
  );

  cli
    .command('stats')
    .description('counts of articles, pages, comments, sections, tags, authors, media by status')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      withDeps(async (deps) => {
        const s = await collectStats(deps);
        process.stdout.write(o.json ? JSON.stringify(s, null, 2) + '\n' : statsTable(s));
      }),
    );

  const user = cli.command('user').description('accounts');
  user
    .command('create')
    .requiredOption('--email <email>', 'email address (sign-in name)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name')
    .option('--password <password>', 'password (a generated one is printed when omitted)')
    .action((o: { email: string; role: string; name?: string; password?: string }) =>
      withDeps(async (deps) => {
        if (!ROLES.includes(o.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
        if (!isEmailAddress(o.email)) throw new Error('--email is not a valid address');
        if (o.password !== undefined && o.password.length < 10) throw new Error('--password must be at least 10 characters');
        const password = o.password ?? generatePassword();
        const exists = await deps.kysely.selectFrom('users').select('id').where('email', '=', o.email.toLowerCase()).executeTakeFirst();
        if (exists) throw new Error(`an account for ${o.email} already exists`);
        const id = await deps.write((trx) =>
          createUser(trx, { email: o.email, name: o.name ?? o.email.split('@')[0], role: o.role as Role, password }, deps.clock.now()),
        );
        process.stdout.write(`Created ${o.role} ${o.email} (id ${id})\n`);
        if (!o.password) process.stdout.write(`password: ${password}\n`);
      }),
    );

  registerUserCommands(user);
  registerDemoCommand(cli);
  registerPrivacyCommands(cli);
  registerCommentCommands(cli);
  registerImportCommands(cli);
  registerExportCommand(cli);
  registerBackupCommands(cli);
  registerSearchCommands(cli);
}
