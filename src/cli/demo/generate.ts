/**
 * Filling the database with synthetic articles and comments, in chunks of one transaction each.
 *
 * Every article i draws from its own random source (`seed:a:i`), so the same seed writes the same
 * stories whatever the chunk size; dates are spread evenly over the past `years` up to a minute
 * ago, oldest first, so ids grow with publication time as they do on a real site.
 */
import type { Deps } from '../../runtime/deps.js';
import { slugify } from '../../content/permalinks.js';
import { truncateWords } from '../../content/render-body.js';
import { bulkWriter, type BulkChunk, type Row } from './bulk-writer.js';
import { ensureFixtures, type Fixtures } from './fixtures.js';
import { Random } from './random.js';
import { SECTIONS } from './vocabulary.js';
import { commenterName, writeArticle, writeComment } from './prose.js';

export interface DemoOptions {
  articles: number;
  comments: number;
  seed: string;
  /** How far back publication dates go. */
  years: number;
  /** Articles per transaction. */
  chunk?: number;
  onProgress?: (p: DemoProgress) => void;
}

export interface DemoProgress {
  articles: number;
  comments: number;
}

const DAY = 86_400_000;
const SECTION_INDEXES = SECTIONS.map((_, k) => k);
/** Deepest reply level the generator makes (the default `comments.thread_depth`). */
const MAX_DEPTH = 5;

interface Target {
  id: number;
  publishedAt: number;
  comments: number;
}

/** How many of `total` comments each of `n` articles gets: a few get many, most get a handful or none. */
function commentCounts(rng: Random, n: number, total: number): Uint32Array {
  const counts = new Uint32Array(n);
  if (!n || !total) return counts;
  const weights = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] = rng.next() ** 3;
  let cum = 0;
  let given = 0;
  for (let i = 0; i < n; i++) {
    cum += weights[i];
    const upTo = i === n - 1 ? total : Math.floor((total * cum) / sum);
    counts[i] = upTo - given;
    given = upTo;
  }
  return counts;
}

/** Adds `o.articles` articles and `o.comments` approved comments; returns what it added. */
export async function generateDemo(deps: Deps, o: DemoOptions): Promise<DemoProgress> {
  const now = deps.clock.now();
  const writer = bulkWriter(deps.db);
  const fixtures = await deps.write((trx) => ensureFixtures(trx, now));
  const done: DemoProgress = { articles: 0, comments: 0 };
  const end = now - 60_000;
  const span = Math.max(1, o.years) * 365.25 * DAY;
  const most = deps.db.dialect === 'sqlite' ? 2000 : 500;
  // Chunks small enough for the progress bar to move in about forty steps, large enough to stay fast.
  const chunkFor = (total: number) => o.chunk ?? Math.max(25, Math.min(most, Math.ceil(total / 40)));

  if (o.articles > 0) {
    const counts = commentCounts(new Random(`${o.seed}:counts`), o.articles, o.comments);
    const dateOf = (i: number) => end - span + ((i + 1) * span) / o.articles;
    await eachChunk(o.articles, chunkFor(o.articles), writer.parallel, async (from, to) => {
      await writer.chunk(async (c) => {
        const targets = await addArticles(c, fixtures, o.seed, from, to, dateOf, now);
        for (const [k, t] of targets.entries()) t.comments = counts[from + k];
        const added = await addComments(c, o.seed, targets, now);
        done.comments += added;
      });
      done.articles += to - from;
      o.onProgress?.(done);
    });
  } else if (o.comments > 0) {
    // No new articles: spread the comments over the published ones already there.
    const existing = await deps.kysely
      .selectFrom('articles')
      .select(['id', 'published_at'])
      .where('type', '=', 'article')
      .where('status', '=', 'published')
      .where('published_at', '<=', now)
      .orderBy('id')
      .execute();
    if (!existing.length) throw new Error('there are no published articles to comment on; add some with --articles');
    const counts = commentCounts(new Random(`${o.seed}:counts`), existing.length, o.comments);
    const targets = existing.map((a, k) => ({ id: a.id, publishedAt: Number(a.published_at), comments: counts[k] }));
    await eachChunk(targets.length, chunkFor(targets.length), writer.parallel, async (from, to) => {
      await writer.chunk(async (c) => {
        const added = await addComments(c, o.seed, targets.slice(from, to), now);
        done.comments += added;
      });
      o.onProgress?.(done);
    });
  }
  // One tiny write naming everything stale, so every running server drops its page cache.
  await deps.write(async (_trx, stale) => stale('*'));
  return done;
}

/**
 * The `i`th story of a demo run with `seed`: its section and text, and the random source that
 * goes on to pick its date, byline and tags.
 */
export function demoStory(seed: string, i: number) {
  const rng = new Random(`${seed}:a:${i}`);
  const section = rng.skewed(SECTION_INDEXES, 1.3);
  return { rng, section, text: writeArticle(rng, SECTIONS[section]) };
}

/** Runs `fn` over [0, total) in ranges of `size`, at most `parallel` at a time. */
async function eachChunk(total: number, size: number, parallel: number, fn: (from: number, to: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < total) {
      const from = next;
      next = Math.min(total, from + size);
      await fn(from, next);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

/** The rows of the `i`th story of a demo run with `seed`, as article `id`: the article, its byline and its tags. */
export function demoArticleRows(f: Fixtures, seed: string, i: number, id: number, dateOf: (i: number) => number, now: number) {
  const { rng, section: s, text } = demoStory(seed, i);
  const publishedAt = Math.min(now - 60_000, Math.round(dateOf(i) + rng.int(-6, 6) * 3_600_000));
  const updatedAt = rng.chance(0.15) ? Math.min(now - 1000, publishedAt + rng.int(1, 72) * 3_600_000) : publishedAt;
  const article: Row<'articles'> = {
    id,
    type: 'article',
    slug: `${slugify(text.headline, 60)}-${id}`,
    headline: text.headline,
    dek: text.dek,
    body: text.body.markdown,
    body_format: 'markdown',
    body_html: text.body.html,
    body_text: text.body.text,
    excerpt: truncateWords(text.body.text, 280),
    status: 'published',
    published_at: publishedAt,
    created_at: publishedAt - rng.int(1, 48) * 3_600_000,
    updated_at: updatedAt,
    section_id: f.sectionIds[s],
    featured_media_id: null,
    comments_open: rng.chance(0.95) ? 1 : 0,
    sticky: 0,
    password: null,
    wp_id: null,
  };
  const writers = f.authorIds[s];
  const byline = rng.chance(0.1) ? [writers[0], writers[1]] : [rng.pick(writers)];
  const authors: Row<'article_authors'>[] = byline.map((user_id, position) => ({ article_id: id, user_id, position }));
  const tagSet = new Set<number>();
  for (let k = rng.int(1, 3); k > 0; k--) tagSet.add(rng.skewed(f.tagIds[s], 1.6));
  if (rng.chance(0.15)) tagSet.add(rng.pick(rng.pick(f.tagIds)));
  const tags: Row<'article_tags'>[] = [...tagSet].map((tag_id) => ({ article_id: id, tag_id }));
  return { article, authors, tags, publishedAt };
}

async function addArticles(c: BulkChunk, f: Fixtures, seed: string, from: number, to: number, dateOf: (i: number) => number, now: number): Promise<Target[]> {
  const ids = await c.reserveIds('articles', to - from);
  const articles: Row<'articles'>[] = [];
  const authors: Row<'article_authors'>[] = [];
  const tags: Row<'article_tags'>[] = [];
  const targets: Target[] = [];
  for (let i = from; i < to; i++) {
    const id = ids[i - from];
    const rows = demoArticleRows(f, seed, i, id, dateOf, now);
    articles.push(rows.article);
    authors.push(...rows.authors);
    tags.push(...rows.tags);
    targets.push({ id, publishedAt: rows.publishedAt, comments: 0 });
  }
  // A slug is free unless an article outside the demo happens to end the same way.
  const taken = await c.takenSlugs(articles.map((a) => a.slug));
  for (const a of articles) if (taken.has(a.slug)) a.slug += '-demo';
  await c.insert('articles', articles);
  await c.insert('article_authors', authors);
  await c.insert('article_tags', tags);
  return targets;
}

/** Inserts each target's comments, oldest first; about a third are replies to an earlier one. */
async function addComments(c: BulkChunk, seed: string, targets: Target[], now: number): Promise<number> {
  const total = targets.reduce((n, t) => n + t.comments, 0);
  if (!total) return 0;
  const ids = await c.reserveIds('comments', total);
  const rows: Row<'comments'>[] = [];
  let next = 0;
  for (const t of targets) {
    const rng = new Random(`${seed}:c:${t.id}`);
    let at = t.publishedAt;
    const depth: number[] = [];
    for (let k = 0; k < t.comments; k++) {
      at = Math.min(now - 1000, at + Math.round(-Math.log(1 - rng.next()) * 3 * 3_600_000));
      const parent = k > 0 && rng.chance(0.35) ? rng.int(0, k - 1) : -1;
      const reply = parent >= 0 && depth[parent] < MAX_DEPTH;
      depth.push(reply ? depth[parent] + 1 : 1);
      const name = commenterName(rng);
      const handle = slugify(name, 30);
      rows.push({
        id: ids[next + k],
        article_id: t.id,
        parent_id: reply ? ids[next + parent] : null,
        author: name,
        email: `${handle}@example.net`,
        url: rng.chance(0.15) ? `https://example.org/${handle}` : '',
        body: writeComment(rng, reply),
        status: 'approved',
        created_at: at,
        ip_hash: '',
        user_agent: '',
        user_id: null,
        decided_by: 'demo',
        reason: 'synthetic content',
        notify: 0,
        wp_id: null,
      });
    }
    next += t.comments;
  }
  await c.insert('comments', rows);
  return total;
}
