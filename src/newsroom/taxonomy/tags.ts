/**
 * Tags: found by name as a writer types them, created on the fly, renamed and deleted by editors.
 */
import type { Db, Tag } from '../../db/schema.js';
import type { Stale } from '../../runtime/deps.js';
import { slugify } from '../../content/permalinks.js';
import { freeSlug } from '../../content/slugs.js';

/** The most tags one article carries, and the longest tag name: a save's work is bounded by them. */
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 100;

/** Splits the editor's tag field (`Kazakhstan, Trade talks`) into distinct names (long names cut to {@link MAX_TAG_LENGTH}). */
export function tagNames(field: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of field.split(',')) {
    const name = raw.trim().replace(/\s+/g, ' ').slice(0, MAX_TAG_LENGTH);
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      out.push(name);
    }
  }
  return out;
}

/** What is wrong with a tag field, in words, or null: too many tags or a name too long. */
export function tagFieldProblem(field: string): string | null {
  const names = field
    .split(',')
    .map((n) => n.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  if (new Set(names.map((n) => n.toLowerCase())).size > MAX_TAGS) return `Use at most ${MAX_TAGS} tags.`;
  if (names.some((n) => n.length > MAX_TAG_LENGTH)) return `Keep each tag under ${MAX_TAG_LENGTH} characters.`;
  return null;
}

/** Slugs among `bases` and their numbered forms (`base-2`…) already taken by tags, in one query. */
async function takenTagSlugs(db: Db, bases: string[]): Promise<Set<string>> {
  if (!bases.length) return new Set();
  const rows = await db
    .selectFrom('tags')
    .select('slug')
    .where((eb) => eb.or(bases.flatMap((base) => [eb('slug', '=', base), eb('slug', 'like', `${base}-%`)])))
    .execute();
  return new Set(rows.map((r) => r.slug));
}

/** content/slugs.ts's rule (`name`, `name-2`…) over slugs already read, for many names at once. */
function firstFree(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

async function uniqueTagSlug(db: Db, wanted: string, exceptId?: number): Promise<string> {
  return freeSlug(db, 'tags', slugify(wanted), { exceptId });
}

/**
 * The ids of tags named `names`, creating those that do not exist yet (matched by name or slug,
 * case-insensitively). Set-based: one lookup, one query for taken slugs and one insert, whatever
 * the number of names, so a save never holds the write lock for long (callers cap the count too).
 */
export async function resolveTags(db: Db, names: string[]): Promise<number[]> {
  const wanted = names.slice(0, MAX_TAGS).map((name) => ({ name, lower: name.toLowerCase(), slug: slugify(name) }));
  if (!wanted.length) return [];
  const existing = await db
    .selectFrom('tags')
    .select(['id', 'name', 'slug'])
    .where((eb) =>
      eb.or([
        eb(
          eb.fn('lower', ['name']),
          'in',
          wanted.map((w) => w.lower),
        ),
        eb(
          'slug',
          'in',
          wanted.map((w) => w.slug),
        ),
      ]),
    )
    .orderBy('id')
    .execute();
  const byName = new Map<string, number>();
  const bySlug = new Map<string, number>();
  for (const t of existing) {
    if (!byName.has(t.name.toLowerCase())) byName.set(t.name.toLowerCase(), t.id);
    if (!bySlug.has(t.slug)) bySlug.set(t.slug, t.id);
  }
  const found = (w: (typeof wanted)[number]) => byName.get(w.lower) ?? bySlug.get(w.slug);
  // Names new to the site, one per slug ("Trade talks" and "trade-talks" are one tag).
  const fresh = new Map<string, string>();
  for (const w of wanted) if (found(w) === undefined && !fresh.has(w.slug)) fresh.set(w.slug, w.name);
  if (fresh.size) {
    const taken = await takenTagSlugs(db, [...fresh.keys()]);
    const rows = [...fresh].map(([base, name]) => {
      const slug = firstFree(base, taken);
      taken.add(slug);
      return { name, slug, wp_id: null };
    });
    const inserted = await db.insertInto('tags').values(rows).returning(['id', 'name']).execute();
    // Matched back by name (the order of RETURNING rows is not promised); each fresh name is one slug.
    for (const t of inserted) bySlug.set(slugify(t.name), t.id);
  }
  const ids: number[] = [];
  for (const w of wanted) {
    const id = found(w);
    if (id !== undefined) ids.push(id);
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
