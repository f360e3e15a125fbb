/**
 * What the site holds, by kind and status (`gazette stats`, the dashboard).
 */
import type { Deps } from '../runtime/deps.js';

export interface SiteStats {
  articles: Record<string, number>;
  pages: Record<string, number>;
  comments: Record<string, number>;
  sections: number;
  tags: number;
  authors: number;
  users: number;
  media: number;
}

export async function collectStats(deps: Deps): Promise<SiteStats> {
  const db = deps.kysely;
  const byStatus = await db
    .selectFrom('articles')
    .select(['type', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['type', 'status'])
    .execute();
  const comments = await db
    .selectFrom('comments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const count = async (table: 'sections' | 'tags' | 'users' | 'media') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const authors = Number(
    (
      await db
        .selectFrom('article_authors')
        .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const articles: Record<string, number> = {};
  const pages: Record<string, number> = {};
  for (const r of byStatus) (r.type === 'page' ? pages : articles)[r.status] = Number(r.n);
  return {
    articles,
    pages,
    comments: Object.fromEntries(comments.map((c) => [c.status, Number(c.n)])),
    sections: await count('sections'),
    tags: await count('tags'),
    authors,
    users: await count('users'),
    media: await count('media'),
  };
}

/** How each status reads in the table, in the order it is listed. */
const STATUS_WORDS: [string, string][] = [
  ['published', 'published'],
  ['scheduled', 'scheduled'],
  ['approved', 'approved'],
  ['pending', 'waiting'],
  ['draft', 'drafts'],
  ['private', 'private'],
  ['spam', 'spam'],
  ['trash', 'in the trash'],
];

function byStatus(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (!total) return '0';
  const parts = STATUS_WORDS.filter(([k]) => counts[k]).map(([k, word]) => `${counts[k].toLocaleString('en')} ${word}`);
  for (const [k, v] of Object.entries(counts)) if (v && !STATUS_WORDS.some(([w]) => w === k)) parts.push(`${v.toLocaleString('en')} ${k}`);
  return `${total.toLocaleString('en')}  (${parts.join(', ')})`;
}

/** `gazette stats` for a person: one line a kind, statuses in words. */
export function statsTable(s: SiteStats): string {
  const rows: [string, string][] = [
    ['Articles', byStatus(s.articles)],
    ['Pages', byStatus(s.pages)],
    ['Comments', byStatus(s.comments)],
    ['Sections', s.sections.toLocaleString('en')],
    ['Tags', s.tags.toLocaleString('en')],
    ['Authors', s.authors.toLocaleString('en')],
    ['Accounts', s.users.toLocaleString('en')],
    ['Media', s.media.toLocaleString('en')],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}
