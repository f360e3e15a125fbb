/**
 * `gazette privacy export|erase EMAIL`: what the site holds about a commenter's address, handed
 * over as JSON or anonymised. Erasing keeps every comment in place (replies still answer
 * something) but removes who wrote it: name "Anonymous", no email, website, IP hash or user agent.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { sql } from 'kysely';
import type { Deps } from '../runtime/deps.js';
import { articlePermalink } from '../content/permalinks.js';
import { normalizeEmail, subscriptionOf } from '../comments/subscriptions.js';
import { withDeps } from './config.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/** Rows whose address is `email`, however it was capitalised or spaced when stored. */
const sameAddress = (column: 'email' | 'to', email: string) => sql<boolean>`lower(trim(${sql.ref(column)})) = ${normalizeEmail(email)}`;

function checkEmail(email: string): void {
  if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) throw new Error(`"${email}" is not an email address`);
}

/** Everything stored about `email`, as one JSON-ready object. */
export async function exportCommenterData(deps: Deps, email: string) {
  const db = deps.kysely;
  const tz = (await deps.settings.all())['site.timezone'];
  const comments = await db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .select([
      'comments.id',
      'comments.parent_id',
      'comments.author',
      'comments.email',
      'comments.url',
      'comments.body',
      'comments.status',
      'comments.created_at',
      'comments.ip_hash',
      'comments.user_agent',
      'comments.notify',
      'comments.decided_by',
      'comments.reason',
      'articles.id as article_id',
      'articles.headline',
      'articles.slug',
      'articles.type',
      'articles.published_at',
    ])
    .where(sameAddress('email', email))
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
  const sub = await subscriptionOf(deps, db, email);
  const outbox = await db
    .selectFrom('outbox')
    .select(['id', 'to', 'subject', 'text', 'kind', 'status', 'attempts', 'created_at', 'sent_at'])
    .where(sameAddress('to', email))
    .orderBy('id')
    .execute();
  const account = await db.selectFrom('users').select(['id', 'name', 'role', 'created_at']).where(sameAddress('email', email)).executeTakeFirst();
  return {
    email: email.trim(),
    site: deps.config.publicUrl,
    exported_at: iso(deps.clock.now()),
    comments: comments.map((c) => ({
      id: c.id,
      article: { id: c.article_id, headline: c.headline, url: deps.config.publicUrl + articlePermalink(c, tz) },
      url_of_comment: deps.config.publicUrl + articlePermalink(c, tz) + `#comment-${c.id}`,
      parent_id: c.parent_id,
      author: c.author,
      email: c.email,
      website: c.url,
      body: c.body,
      status: c.status,
      created_at: iso(c.created_at),
      ip_hash: c.ip_hash,
      user_agent: c.user_agent,
      notify_of_replies: !!c.notify,
      moderation: { decided_by: c.decided_by, reason: c.reason },
    })),
    subscription: sub
      ? {
          state: sub.unsubscribed_at !== null ? 'unsubscribed' : sub.confirmed_at !== null ? 'confirmed' : 'awaiting confirmation',
          created_at: iso(sub.created_at),
          confirmation_sent_at: iso(sub.confirm_sent_at),
          confirmed_at: iso(sub.confirmed_at),
          unsubscribed_at: iso(sub.unsubscribed_at),
        }
      : null,
    mail: outbox.map((m) => ({
      id: m.id,
      to: m.to,
      kind: m.kind,
      subject: m.subject,
      status: m.status,
      attempts: m.attempts,
      created_at: iso(m.created_at),
      sent_at: iso(m.sent_at),
      text: m.text,
    })),
    account: account ? { id: account.id, name: account.name, role: account.role, created_at: iso(account.created_at) } : null,
  };
}

export interface ErasureSummary {
  comments: number;
  articles: number;
  subscriptions: number;
  mail: number;
}

/** Anonymises `email`'s comments and deletes its subscription and mail, in one transaction. */
export async function eraseCommenterData(deps: Deps, email: string): Promise<ErasureSummary> {
  return deps.write(async (trx, stale) => {
    const rows = await trx.selectFrom('comments').select(['id', 'article_id']).where(sameAddress('email', email)).execute();
    const ids = rows.map((r) => r.id);
    // In slices: SQLite limits how many parameters one statement may carry.
    for (let i = 0; i < ids.length; i += 500) {
      await trx
        .updateTable('comments')
        .set({ author: 'Anonymous', email: '', url: '', ip_hash: '', user_agent: '', notify: 0 })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
    const subs = await trx
      .deleteFrom('subscriptions')
      .where('email_hash', '=', deps.keyedHash('subscription', normalizeEmail(email)))
      .executeTakeFirst();
    let mail = Number((await trx.deleteFrom('outbox').where(sameAddress('to', email)).executeTakeFirst()).numDeletedRows);
    // Mail about their comments (to moderators, to people they replied to) carries their name.
    for (let i = 0; i < ids.length; i += 500) {
      const refs = ids.slice(i, i + 500).map((id) => `comment:${id}`);
      mail += Number((await trx.deleteFrom('outbox').where('ref', 'in', refs).executeTakeFirst()).numDeletedRows);
    }
    const articles = [...new Set(rows.map((r) => r.article_id))];
    if (articles.length) stale(...articles.map((a) => `article:${a}`), 'comments-feed');
    return { comments: ids.length, articles: articles.length, subscriptions: Number(subs.numDeletedRows), mail };
  });
}

export function registerPrivacyCommands(cli: Command): void {
  const privacy = cli.command('privacy').description("a commenter's data, exported or anonymised");
  privacy
    .command('export <email>')
    .description('print everything stored about EMAIL as JSON')
    .option('--out <file>', 'write the JSON to FILE (readable by you only) instead of stdout')
    .action((email: string, o: { out?: string }) =>
      withDeps(async (deps) => {
        checkEmail(email);
        const json = JSON.stringify(await exportCommenterData(deps, email), null, 2) + '\n';
        if (o.out) {
          writeFileSync(o.out, json, { mode: 0o600 });
          process.stderr.write(`Wrote ${o.out}\n`);
        } else process.stdout.write(json);
      }),
    );
  privacy
    .command('erase <email>')
    .description('anonymise the comments of EMAIL and delete its subscription and mail')
    .action((email: string) =>
      withDeps(async (deps) => {
        checkEmail(email);
        const s = await eraseCommenterData(deps, email);
        process.stdout.write(
          `Erased ${email.trim()}: ${s.comments} comment(s) on ${s.articles} article(s) anonymised, ` +
            `${s.subscriptions} subscription(s) and ${s.mail} mail message(s) deleted.\n`,
        );
        const account = await deps.kysely.selectFrom('users').select('id').where(sameAddress('email', email)).executeTakeFirst();
        if (account) process.stdout.write(`Note: a newsroom account (id ${account.id}) uses this address; it was left as it is.\n`);
      }),
    );
}
