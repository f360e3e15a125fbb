/**
 * Revisions: every save keeps the article's text as it was saved; an autosave keeps one rolling
 * copy per writer without touching the live article. Two revisions compare as a word diff.
 */
import { diffLines, diffWordsWithSpace } from 'diff';
import type { Article, Db, Revision } from '../../db/schema.js';

/** The fields a revision keeps, in the order a diff shows them. */
export const REVISION_FIELDS = ['headline', 'dek', 'slug', 'excerpt', 'body'] as const;
export type RevisionText = Pick<Revision, (typeof REVISION_FIELDS)[number]>;

/** Records the article's current text as a saved revision and drops the writer's autosave. */
export async function recordRevision(
  db: Db,
  a: Pick<Article, 'id' | 'status' | (typeof REVISION_FIELDS)[number]>,
  userId: number | null,
  now: number,
): Promise<void> {
  await db
    .insertInto('revisions')
    .values({
      article_id: a.id,
      user_id: userId,
      kind: 'save',
      created_at: now,
      headline: a.headline,
      dek: a.dek,
      slug: a.slug,
      excerpt: a.excerpt,
      body: a.body,
      status: a.status,
    })
    .execute();
  if (userId !== null) await db.deleteFrom('revisions').where('article_id', '=', a.id).where('user_id', '=', userId).where('kind', '=', 'autosave').execute();
}

/** Keeps `text` as the writer's autosave of the article (one per writer, replaced each time). */
export async function autosave(db: Db, articleId: number, userId: number, text: RevisionText & { status: Article['status'] }, now: number): Promise<void> {
  await db.deleteFrom('revisions').where('article_id', '=', articleId).where('user_id', '=', userId).where('kind', '=', 'autosave').execute();
  await db
    .insertInto('revisions')
    .values({ article_id: articleId, user_id: userId, kind: 'autosave', created_at: now, ...text })
    .execute();
}

/** The writer's autosave when it is newer than the article's last save. */
export async function pendingAutosave(db: Db, a: Pick<Article, 'id' | 'updated_at'>, userId: number): Promise<Revision | undefined> {
  return db
    .selectFrom('revisions')
    .selectAll()
    .where('article_id', '=', a.id)
    .where('user_id', '=', userId)
    .where('kind', '=', 'autosave')
    .where('created_at', '>', a.updated_at)
    .executeTakeFirst();
}

export interface RevisionSummary extends Revision {
  user_name: string | null;
}

/** Saved revisions of an article, newest first. */
export async function listRevisions(db: Db, articleId: number, limit = 100): Promise<RevisionSummary[]> {
  return db
    .selectFrom('revisions')
    .leftJoin('users', 'users.id', 'revisions.user_id')
    .selectAll('revisions')
    .select('users.name as user_name')
    .where('revisions.article_id', '=', articleId)
    .where('revisions.kind', '=', 'save')
    .orderBy('revisions.created_at', 'desc')
    .orderBy('revisions.id', 'desc')
    .limit(limit)
    .execute();
}

export async function revisionById(db: Db, articleId: number, id: number): Promise<Revision | undefined> {
  return db.selectFrom('revisions').selectAll().where('article_id', '=', articleId).where('id', '=', id).executeTakeFirst();
}

/** A run of text in a diff: unchanged, added or removed. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface FieldDiff {
  field: (typeof REVISION_FIELDS)[number];
  changed: boolean;
  parts: DiffPart[];
}

const part = (c: { added?: boolean; removed?: boolean; value: string }): DiffPart => ({
  kind: c.added ? 'added' : c.removed ? 'removed' : 'same',
  text: c.value,
});

/**
 * What changed from `from` to `to`, field by field: words within short fields, and for the body
 * whole lines, each changed pair of lines refined to the words that differ.
 * @example diffRevisions(older, newer).find((d) => d.field === 'headline')?.parts
 */
export function diffRevisions(from: RevisionText, to: RevisionText): FieldDiff[] {
  return REVISION_FIELDS.map((field) => {
    const a = from[field] ?? '';
    const b = to[field] ?? '';
    if (a === b) return { field, changed: false, parts: [{ kind: 'same', text: a }] };
    if (field !== 'body') return { field, changed: true, parts: diffWordsWithSpace(a, b).map(part) };
    const parts: DiffPart[] = [];
    const lines = diffLines(a, b);
    for (let i = 0; i < lines.length; i++) {
      const c = lines[i];
      const next = lines[i + 1];
      // A removed block followed by an added one is an edit: show the words that changed.
      if (c.removed && next?.added) {
        parts.push(...diffWordsWithSpace(c.value, next.value).map(part));
        i++;
      } else parts.push(part(c));
    }
    return { field, changed: true, parts };
  });
}
