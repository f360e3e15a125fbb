/**
 * Sections: the site's departments, in an editor-chosen order, optionally nested one level under
 * another. Every reader page carries the `sections` cache tag (the navigation), so a change here
 * renders the site again.
 */
import type { Db } from '../../db/schema.js';
import type { Stale } from '../../runtime/deps.js';
import { slugify } from '../../content/permalinks.js';

export interface SectionInput {
  name: string;
  slug: string;
  description: string;
  position: number;
  parentId: number | null;
}

/** Field errors of a section form, empty when it is fine. */
export async function checkSection(db: Db, input: SectionInput, id: number | null): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (!input.name.trim()) errors.name = 'Give the section a name.';
  const slug = slugify(input.slug || input.name);
  const clash = await db
    .selectFrom('sections')
    .select('id')
    .where('slug', '=', slug)
    .$if(id !== null, (q) => q.where('id', '!=', id!))
    .executeTakeFirst();
  if (clash) errors.slug = 'Another section has this slug.';
  if (input.parentId !== null) {
    if (input.parentId === id) errors.parent_id = 'A section cannot be inside itself.';
    else {
      const parent = await db.selectFrom('sections').select(['id', 'parent_id']).where('id', '=', input.parentId).executeTakeFirst();
      if (!parent) errors.parent_id = 'Choose a section from the list.';
      // One level deep: the navigation shows top sections and their children, nothing deeper.
      else if (parent.parent_id !== null) errors.parent_id = 'Sections nest one level deep: choose a top-level section.';
    }
  }
  return errors;
}

export async function createSection(db: Db, stale: Stale, input: SectionInput): Promise<number> {
  const { id } = await db
    .insertInto('sections')
    .values({
      name: input.name.trim(),
      slug: slugify(input.slug || input.name),
      description: input.description.trim(),
      position: input.position,
      parent_id: input.parentId,
      wp_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  stale('sections', `section:${id}`);
  return id;
}

export async function updateSection(db: Db, stale: Stale, id: number, input: SectionInput): Promise<void> {
  await db
    .updateTable('sections')
    .set({
      name: input.name.trim(),
      slug: slugify(input.slug || input.name),
      description: input.description.trim(),
      position: input.position,
      parent_id: input.parentId,
    })
    .where('id', '=', id)
    .execute();
  stale('sections', `section:${id}`, 'feeds');
}

/** Deletes a section; its articles stay, without a section, and its children move to the top. */
export async function deleteSection(db: Db, stale: Stale, id: number): Promise<void> {
  await db.updateTable('articles').set({ section_id: null }).where('section_id', '=', id).execute();
  await db.updateTable('sections').set({ parent_id: null }).where('parent_id', '=', id).execute();
  await db.deleteFrom('sections').where('id', '=', id).execute();
  stale('sections', `section:${id}`, 'front', 'feeds');
}

/** Sections in navigation order, each top-level one followed by its children. */
export async function sectionTree(db: Db) {
  const rows = await db.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();
  const top = rows.filter((s) => s.parent_id === null || !rows.some((p) => p.id === s.parent_id));
  return top.flatMap((t) => [{ ...t, depth: 0 }, ...rows.filter((c) => c.parent_id === t.id).map((c) => ({ ...c, depth: 1 }))]);
}
