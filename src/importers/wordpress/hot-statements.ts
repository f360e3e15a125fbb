/**
 * The statements an import runs once per post or comment (hundreds of thousands of times). On
 * SQLite they are prepared once and run on the raw better-sqlite3 handle, inside the same
 * transaction Kysely opened (one connection): building and preparing each query through Kysely
 * cost more than running it. On PostgreSQL, where the round trip dominates, they go through Kysely.
 *
 * Comments go in many rows per statement (see comment-queue.ts): one statement per few hundred
 * comments instead of one each.
 */
import type { Transaction } from 'kysely';
import type { ArticleType, Comment, Database } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';

/** One imported comment: the stored columns a WordPress comment fills (keyed by its WordPress id). */
export type CommentRow = Pick<
  Comment,
  'article_id' | 'parent_id' | 'author' | 'email' | 'url' | 'body' | 'status' | 'created_at' | 'ip_hash' | 'user_id' | 'decided_by' | 'reason'
> & { wp_id: number };

/** What an upsert gives back for each comment: its id and how the spam filter was taught it before. */
export interface UpsertedComment {
  id: number;
  wp_id: number;
  trained: '' | 'spam' | 'ham';
}

export interface ArticleRow {
  type: ArticleType;
  slug: string;
  headline: string;
  body: string;
  body_format: 'html';
  body_html: string;
  body_text: string;
  excerpt: string;
  status: Database['articles']['status'];
  published_at: number | null;
  updated_at: number;
  section_id: number | null;
  featured_media_id: number | null;
  comments_open: number;
  sticky: number;
  password: string | null;
}

export interface HotStatements {
  /**
   * Inserts the comments, or updates those with the same WordPress id; returns every row (in no
   * particular order). No two rows may share a WordPress id.
   */
  upsertComments(rows: CommentRow[]): Promise<UpsertedComment[]>;
  commentIdByWpId(wp: number): Promise<number | undefined>;
  setCommentParent(id: number, parentId: number): Promise<void>;
  articleByWpId(wp: number): Promise<{ id: number; type: ArticleType; slug: string; published_at: number | null } | undefined>;
  /** The id of the article of `type` that has `slug`, if any. */
  slugOwner(type: ArticleType, slug: string): Promise<number | undefined>;
  insertArticle(row: ArticleRow, createdAt: number, wp: number): Promise<number>;
  updateArticle(id: number, row: ArticleRow): Promise<void>;
  /** Removes an article's authors and tags (a re-import links them again). */
  unlinkArticle(articleId: number): Promise<void>;
  linkAuthor(articleId: number, userId: number): Promise<void>;
  linkTag(articleId: number, tagId: number): Promise<void>;
  addRedirect(path: string, articleId: number): Promise<void>;
  dropRedirect(path: string): Promise<void>;
}

const COMMENT_COLUMNS = [
  'article_id',
  'parent_id',
  'author',
  'email',
  'url',
  'body',
  'status',
  'created_at',
  'ip_hash',
  'user_id',
  'decided_by',
  'reason',
  'wp_id',
] as const;
const ARTICLE_COLUMNS = [
  'type',
  'slug',
  'headline',
  'body',
  'body_format',
  'body_html',
  'body_text',
  'excerpt',
  'status',
  'published_at',
  'updated_at',
  'section_id',
  'featured_media_id',
  'comments_open',
  'sticky',
  'password',
] as const;
/**
 * Rows per comment statement. SQLite statements of these sizes are prepared once each; a batch is
 * cut greedily into them (600 rows: 2×256 + 1×64 + 1×16 + 2×4), so five statement shapes serve
 * every batch. 256 × 13 parameters stays far below SQLite's 32,766.
 */
const SQLITE_CHUNKS = [256, 64, 16, 4, 1];
/** PostgreSQL's limit is 65,535 parameters per statement: 1,000 × 13 fits. */
const PG_CHUNK = 1000;

export function hotStatements(deps: Deps, trx: Transaction<Database>): HotStatements {
  return deps.db.sqlite ? sqliteStatements(deps.db.sqlite) : kyselyStatements(trx);
}

function sqliteStatements(raw: NonNullable<Deps['db']['sqlite']>): HotStatements {
  const rowSql = `(${COMMENT_COLUMNS.map(() => '?').join(', ')})`;
  const commentUpserts = new Map(
    SQLITE_CHUNKS.map((n) => [
      n,
      raw.prepare(
        `INSERT INTO comments (${COMMENT_COLUMNS.join(', ')}) VALUES ${Array(n).fill(rowSql).join(', ')}
         ON CONFLICT (wp_id) DO UPDATE SET ${COMMENT_COLUMNS.filter((c) => c !== 'wp_id')
           .map((c) => `${c} = excluded.${c}`)
           .join(', ')}
         RETURNING id, wp_id, trained`,
      ),
    ]),
  );
  const commentByWp = raw.prepare('SELECT id FROM comments WHERE wp_id = ?').pluck();
  const setParent = raw.prepare('UPDATE comments SET parent_id = ? WHERE id = ?');
  const byWp = raw.prepare('SELECT id, type, slug, published_at FROM articles WHERE wp_id = ?');
  const slugOwner = raw.prepare('SELECT id FROM articles WHERE type = ? AND slug = ?').pluck();
  const insertArticle = raw.prepare(
    `INSERT INTO articles (${ARTICLE_COLUMNS.join(', ')}, dek, created_at, wp_id) VALUES (${ARTICLE_COLUMNS.map((c) => '@' + c).join(', ')}, '', @created_at, @wp_id) RETURNING id`,
  );
  const updateArticle = raw.prepare(`UPDATE articles SET ${ARTICLE_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
  const unlinkAuthors = raw.prepare('DELETE FROM article_authors WHERE article_id = ?');
  const unlinkTags = raw.prepare('DELETE FROM article_tags WHERE article_id = ?');
  const linkAuthor = raw.prepare('INSERT OR IGNORE INTO article_authors (article_id, user_id, position) VALUES (?, ?, 0)');
  const linkTag = raw.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)');
  const addRedirect = raw.prepare('INSERT INTO redirects (path, article_id) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id');
  const dropRedirect = raw.prepare('DELETE FROM redirects WHERE path = ?');
  return {
    async upsertComments(rows) {
      const out: UpsertedComment[] = [];
      let at = 0;
      for (const n of SQLITE_CHUNKS) {
        const stmt = commentUpserts.get(n)!;
        for (; rows.length - at >= n; at += n) {
          const params: unknown[] = [];
          for (let i = at; i < at + n; i++) for (const c of COMMENT_COLUMNS) params.push(rows[i][c]);
          for (const r of stmt.all(params) as UpsertedComment[]) out.push(r);
        }
      }
      return out;
    },
    commentIdByWpId: async (wp) => commentByWp.get(wp) as number | undefined,
    setCommentParent: async (id, parentId) => void setParent.run(parentId, id),
    articleByWpId: async (wp) => byWp.get(wp) as Awaited<ReturnType<HotStatements['articleByWpId']>>,
    slugOwner: async (type, slug) => slugOwner.get(type, slug) as number | undefined,
    insertArticle: async (row, created_at, wp_id) => (insertArticle.get({ ...row, created_at, wp_id }) as { id: number }).id,
    updateArticle: async (id, row) => void updateArticle.run({ ...row, id }),
    unlinkArticle: async (id) => void (unlinkAuthors.run(id), unlinkTags.run(id)),
    linkAuthor: async (a, u) => void linkAuthor.run(a, u),
    linkTag: async (a, t) => void linkTag.run(a, t),
    addRedirect: async (path, a) => void addRedirect.run(path, a),
    dropRedirect: async (path) => void dropRedirect.run(path),
  };
}

function kyselyStatements(trx: Transaction<Database>): HotStatements {
  return {
    async upsertComments(rows) {
      const out: UpsertedComment[] = [];
      for (let at = 0; at < rows.length; at += PG_CHUNK) {
        const got = await trx
          .insertInto('comments')
          .values(rows.slice(at, at + PG_CHUNK))
          .onConflict((oc) =>
            oc.column('wp_id').doUpdateSet((eb) => Object.fromEntries(COMMENT_COLUMNS.filter((c) => c !== 'wp_id').map((c) => [c, eb.ref(`excluded.${c}`)]))),
          )
          .returning(['id', 'wp_id', 'trained'])
          .execute();
        for (const r of got) out.push(r as UpsertedComment);
      }
      return out;
    },
    commentIdByWpId: async (wp) => (await trx.selectFrom('comments').select('id').where('wp_id', '=', wp).executeTakeFirst())?.id,
    setCommentParent: async (id, parentId) => void (await trx.updateTable('comments').set({ parent_id: parentId }).where('id', '=', id).execute()),
    articleByWpId: (wp) => trx.selectFrom('articles').select(['id', 'type', 'slug', 'published_at']).where('wp_id', '=', wp).executeTakeFirst(),
    slugOwner: async (type, slug) => (await trx.selectFrom('articles').select('id').where('type', '=', type).where('slug', '=', slug).executeTakeFirst())?.id,
    insertArticle: async (row, created_at, wp_id) =>
      (
        await trx
          .insertInto('articles')
          .values({ ...row, dek: '', created_at, wp_id })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    updateArticle: async (id, row) => void (await trx.updateTable('articles').set(row).where('id', '=', id).execute()),
    async unlinkArticle(id) {
      await trx.deleteFrom('article_authors').where('article_id', '=', id).execute();
      await trx.deleteFrom('article_tags').where('article_id', '=', id).execute();
    },
    linkAuthor: async (article_id, user_id) =>
      void (await trx
        .insertInto('article_authors')
        .values({ article_id, user_id, position: 0 })
        .onConflict((oc) => oc.doNothing())
        .execute()),
    linkTag: async (article_id, tag_id) =>
      void (await trx
        .insertInto('article_tags')
        .values({ article_id, tag_id })
        .onConflict((oc) => oc.doNothing())
        .execute()),
    addRedirect: async (path, article_id) =>
      void (await trx
        .insertInto('redirects')
        .values({ path, article_id })
        .onConflict((oc) => oc.column('path').doUpdateSet({ article_id }))
        .execute()),
    dropRedirect: async (path) => void (await trx.deleteFrom('redirects').where('path', '=', path).execute()),
  };
}
