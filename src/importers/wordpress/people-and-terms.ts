/**
 * Authors become accounts without a password (claimable by password reset, role author);
 * categories become sections with their hierarchy; tags become tags. Each is found again on a
 * re-import (by email or WordPress id; by WordPress term id or slug), never duplicated.
 */
import { slugify } from '../../content/permalinks.js';
import type { ImportContext } from './context.js';
import type { WxrAuthor, WxrCategory, WxrTag } from './records.js';
import { wpId } from './values.js';
import { ImportError } from '../errors.js';
import { freeSlug } from '../../content/slugs.js';

/** Users' slugs are their WordPress login, so `/author/login/` keeps working. */
async function freeUserSlug(ctx: ImportContext, wanted: string): Promise<string> {
  return freeSlug(ctx.trx, 'users', slugify(wanted));
}

/** An author, found by email, then WordPress id, else created (role author, no password). */
export async function importAuthor(ctx: ImportContext, a: WxrAuthor): Promise<number> {
  const login = a.login || a.displayName || a.email || `author-${a.id}`;
  // WXR may leave the email empty; accounts need one, so a reserved .invalid address stands in.
  const email = (a.email || `${slugify(login)}@wordpress.invalid`).toLowerCase();
  const id = wpId(a.id);
  const found =
    (await ctx.trx.selectFrom('users').select(['id', 'wp_id']).where('email', '=', email).executeTakeFirst()) ??
    (id !== null ? await ctx.trx.selectFrom('users').select(['id', 'wp_id']).where('wp_id', '=', id).executeTakeFirst() : undefined);
  let userId: number;
  if (found) {
    userId = found.id;
    if (found.wp_id === null && id !== null) {
      const clash = await ctx.trx.selectFrom('users').select('id').where('wp_id', '=', id).executeTakeFirst();
      if (!clash) await ctx.trx.updateTable('users').set({ wp_id: id }).where('id', '=', userId).execute();
    }
  } else {
    const name = a.displayName || [a.firstName, a.lastName].filter(Boolean).join(' ') || login;
    ({ id: userId } = await ctx.trx
      .insertInto('users')
      .values({ email, name, slug: await freeUserSlug(ctx, login), role: 'author', password_hash: null, wp_id: id, created_at: ctx.now, updated_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow());
  }
  ctx.usersByLogin.set(login, userId);
  if (a.id !== '') ctx.authorsListed = true;
  if (id !== null) ctx.usersByWpId.set(id, userId);
  ctx.summary.authors++;
  return userId;
}

/**
 * The account of a `dc:creator` login: the export's author of that login (trimmed, case-insensitive),
 * else the `--default-author`, else none. Only an export that lists no authors at all (WXR 1.0)
 * makes accounts from dc:creator.
 */
export async function userForLogin(ctx: ImportContext, raw: string): Promise<number | null> {
  const login = raw.trim();
  if (!login) return null;
  const known = ctx.usersByLogin.get(login) ?? ctx.usersByLogin.get(login.toLowerCase());
  if (known !== undefined) return known;
  for (const [k, id] of ctx.usersByLogin) if (k.toLowerCase() === login.toLowerCase()) return id;
  if (!ctx.authorsListed) {
    return importAuthor(ctx, { kind: 'author', id: '', login, email: '', displayName: login, firstName: '', lastName: '' });
  }
  const fallback = ctx.defaultAuthor ? await defaultAuthor(ctx, ctx.defaultAuthor) : null;
  ctx.summary.strayAuthors ??= [];
  if (!ctx.summary.strayAuthors.includes(login)) ctx.summary.strayAuthors.push(login);
  if (fallback !== null) ctx.usersByLogin.set(login.toLowerCase(), fallback);
  return fallback;
}

/** The `--default-author` account: an author of the export (by login) or an account here (by email or slug). */
async function defaultAuthor(ctx: ImportContext, wanted: string): Promise<number> {
  const w = wanted.trim().toLowerCase();
  for (const [k, id] of ctx.usersByLogin) if (k.toLowerCase() === w) return id;
  const row = await ctx.trx
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('email', '=', w), eb('slug', '=', w)]))
    .executeTakeFirst();
  if (!row)
    throw new ImportError('GAZ_ERR_IMPORT_AUTHOR', `--default-author ${wanted}: no author of the export and no account here has that login, email or slug`);
  return row.id;
}

type TermTable = 'sections' | 'tags';

/** A term row found by WordPress id, else adopted by slug (when it has no WordPress id yet), else created. */
async function upsertTerm(
  ctx: ImportContext,
  table: TermTable,
  wp: number | null,
  slug: string,
  name: string,
  extra: { description?: string },
): Promise<number> {
  const db = ctx.trx;
  const byWp = wp !== null ? await db.selectFrom(table).select('id').where('wp_id', '=', wp).executeTakeFirst() : undefined;
  if (byWp) {
    await db
      .updateTable(table)
      .set({ name, ...extra })
      .where('id', '=', byWp.id)
      .execute();
    return byWp.id;
  }
  const bySlug = await db.selectFrom(table).select(['id', 'wp_id']).where('slug', '=', slug).executeTakeFirst();
  if (bySlug && (bySlug.wp_id === null || wp === null)) {
    if (wp !== null) await db.updateTable(table).set({ wp_id: wp }).where('id', '=', bySlug.id).execute();
    return bySlug.id;
  }
  let free = slug;
  for (let i = 2; await db.selectFrom(table).select('id').where('slug', '=', free).executeTakeFirst(); i++) free = `${slug}-${i}`;
  const { id } = await db
    .insertInto(table)
    .values({ slug: free, name, wp_id: wp, ...extra })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** WordPress slugs are kept as they are (percent-encoded UTF-8 included), only lower-cased as WordPress does. */
const termSlug = (slug: string, name: string) => (slug || slugify(name)).toLowerCase();

export async function importCategory(ctx: ImportContext, c: WxrCategory): Promise<number> {
  const slug = termSlug(c.slug, c.name);
  const id = await upsertTerm(ctx, 'sections', wpId(c.id), slug, c.name || slug, { description: c.description.trim() });
  ctx.sections.set(slug, id);
  if (c.parent) ctx.pendingParents.push([id, c.parent.toLowerCase()]);
  ctx.summary.sections++;
  return id;
}

export async function importTag(ctx: ImportContext, t: WxrTag): Promise<number> {
  const slug = termSlug(t.slug, t.name);
  const id = await upsertTerm(ctx, 'tags', wpId(t.id), slug, t.name || slug, {});
  ctx.tags.set(slug, id);
  ctx.summary.tags++;
  return id;
}

/** The section of an item's category, creating one the export named only on the item. */
export async function sectionFor(ctx: ImportContext, slug: string, name: string): Promise<number> {
  const s = termSlug(slug, name);
  return ctx.sections.get(s) ?? importCategory(ctx, { kind: 'category', id: '', slug: s, parent: '', name, description: '' });
}

export async function tagFor(ctx: ImportContext, slug: string, name: string): Promise<number> {
  const s = termSlug(slug, name);
  return ctx.tags.get(s) ?? importTag(ctx, { kind: 'tag', id: '', slug: s, name, description: '' });
}

/** Sets each section's parent once every category has been read (parents may come after children). */
export async function linkSectionParents(ctx: ImportContext): Promise<void> {
  for (const [id, parentSlug] of ctx.pendingParents) {
    const parent = ctx.sections.get(parentSlug);
    if (parent !== undefined && parent !== id) await ctx.trx.updateTable('sections').set({ parent_id: parent }).where('id', '=', id).execute();
  }
  ctx.pendingParents.length = 0;
}
