/**
 * Tags: found by name as a writer types them, created on the fly, renamed and deleted by editors.
 */
import type { Db, Tag } from '../../db/schema.js';
import type { Stale } from '../../runtime/deps.js';
import { slugify } from '../../content/permalinks.js';
import { freeSlug } from '../../content/slugs.js';

/** Splits the editor's tag field (`Kazakhstan, Trade talks`) into distinct names. */
export function tagNames(field: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of field.split(',')) {
    const name = raw.trim().replace(/\s+/g, ' ').slice(0, 100);
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      out.push(name);
    }
  }
  return out;
}

async function uniqueTagSlug(db: Db, wanted: string, exceptId?: number): Promise<string> {
  return freeSlug(db, 'tags', slugify(wanted), { exceptId });
}

/** The ids of tags named `names`, creating those that do not exist yet (matched by name or slug, case-insensitively). */
export async function resolveTags(db: Db, names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const found = await db
      .selectFrom('tags')
      .select('id')
      .where((eb) => eb.or([eb(eb.fn('lower', ['name']), '=', name.toLowerCase()), eb('slug', '=', slugify(name))]))
      .orderBy('id')
      .executeTakeFirst();
    if (found) ids.push(found.id);
    else
      ids.push(
        (
          await db
            .insertInto('tags')
            .values({ name, slug: await uniqueTagSlug(db, name), wp_id: null })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
  }
  return [...new Set(ids)];
}

/** Tags whose name starts with (or contains) `q`, for autocomplete; prefix matches first. */
export async function suggestTags(db: Db, q: string, limit = 10): Promise<Pick<Tag, 'id' | 'name' | 'slug'>[]> {
  const term = q
    .trim()
    .toLowerCase()
    .replace(/[%_\\]/g, '');
  if (!term) return [];
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name', 'slug'])
    .where(db.fn('lower', ['name']), 'like', `%${term}%`)
    .orderBy('name')
    .limit(limit * 3)
    .execute();
  const starts = rows.filter((r) => r.name.toLowerCase().startsWith(term));
  const rest = rows.filter((r) => !r.name.toLowerCase().startsWith(term));
  return [...starts, ...rest].slice(0, limit);
}

/** Every tag with how many articles carry it, by name. */
export async function tagsWithCounts(db: Db) {
  const rows = await db
    .selectFrom('tags')
    .leftJoin('article_tags', 'article_tags.tag_id', 'tags.id')
    .select(['tags.id', 'tags.name', 'tags.slug', (eb) => eb.fn.count<number>('article_tags.article_id').as('n')])
    .groupBy(['tags.id', 'tags.name', 'tags.slug'])
    .orderBy('tags.name')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Renames a tag (and optionally its slug); its archive and the articles showing it render again. */
export async function updateTag(db: Db, stale: Stale, id: number, name: string, slug: string): Promise<void> {
  const before = await db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const newSlug = slug && slugify(slug) !== before.slug ? await uniqueTagSlug(db, slug, id) : before.slug;
  await db
    .updateTable('tags')
    .set({ name: name.trim().slice(0, 100) || before.name, slug: newSlug })
    .where('id', '=', id)
    .execute();
  stale(`tag:${id}`, ...(await articlesTagged(db, id)));
}

/** Deletes a tag; the articles that carried it render again without it. */
export async function deleteTag(db: Db, stale: Stale, id: number): Promise<void> {
  const tagged = await articlesTagged(db, id);
  await db.deleteFrom('article_tags').where('tag_id', '=', id).execute();
  await db.deleteFrom('tags').where('id', '=', id).execute();
  stale(`tag:${id}`, 'feeds', 'sitemaps', ...tagged);
}

async function articlesTagged(db: Db, tagId: number): Promise<string[]> {
  return (await db.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId).execute()).map((r) => `article:${r.article_id}`);
}
