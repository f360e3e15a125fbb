/**
 * A WordPress site's old addresses that are not a post's own link (those are `redirects` rows):
 * its archives spelled WordPress's way, its uploads, its attachment pages, and any address in the
 * permalink structure the import learned (content/wp-permalinks.ts), with what WordPress hangs
 * under a post (feeds, `amp/`, `comment-page-N/`…). Each answers 301 to where the thing lives now.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { articlePermalink } from '../content/permalinks.js';
import { articleByWpId, redirectTarget, visible } from '../content/queries.js';
import { matchStructure } from '../content/wp-permalinks.js';
import type { SiteView } from '../views/site-view.js';

/**
 * WordPress archive addresses Gazette spells differently: `/?cat=ID`, `/?tag=slug`, `/?author=ID`
 * and `/category/parent/child/` (and its feeds) → the section, tag or author page. Returns the new
 * address, null for such an address naming nothing here (404), or undefined for any other path.
 */
export async function wordpressArchive(db: Kysely<Database>, path: string, query: Record<string, string | undefined>): Promise<string | null | undefined> {
  if (path === '/' && (query.cat || query.tag || query.author)) {
    if (query.cat) {
      const id = Number(query.cat);
      const row = Number.isSafeInteger(id) && id > 0 ? await db.selectFrom('sections').select('slug').where('wp_id', '=', id).executeTakeFirst() : undefined;
      return row ? `/section/${row.slug}/` : null;
    }
    if (query.tag) {
      const slug = String(query.tag).toLowerCase().slice(0, 200);
      const row = await db.selectFrom('tags').select('slug').where('slug', '=', slug).executeTakeFirst();
      return row ? `/tag/${row.slug}/` : null;
    }
    const id = Number(query.author);
    const row = Number.isSafeInteger(id) && id > 0 ? await db.selectFrom('users').select('slug').where('wp_id', '=', id).executeTakeFirst() : undefined;
    return row ? `/author/${row.slug}/` : null;
  }
  const m = /^\/category\/((?:[^/]+\/)+?)((?:page\/\d+\/)?(?:feed\/(?:atom\/|rss2?\/)?)?)$/i.exec(path);
  if (!m) return undefined;
  const slug = m[1].split('/').filter(Boolean).pop()!.toLowerCase();
  const row = await db.selectFrom('sections').select('slug').where('slug', '=', slug).executeTakeFirst();
  if (!row) return null;
  const rest = m[2].toLowerCase().replace(/feed\/rss2?\/$/, 'feed/');
  return `/section/${row.slug}/${rest}`;
}

/**
 * Where an old upload (or a resized copy WordPress made of it) or an attachment page whose file
 * came home lives now. Attachment pages whose file did not come home are `redirects` to their story.
 */
async function uploadTarget(db: Kysely<Database>, path: string): Promise<string | undefined> {
  let p: string;
  try {
    p = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  // PostgreSQL refuses a NUL in text (a 500); no old address holds one, nor runs this long.
  if (p.includes('\0') || p.length > 2000) return undefined;
  const candidates = p.includes('/wp-content/uploads/') ? [p, p.replace(/-\d+x\d+(?=\.[a-z0-9]+$)/i, '')] : [p, path];
  const row = await db.selectFrom('upload_redirects').select(['path', 'target']).where('path', 'in', candidates).execute();
  return (row.find((r) => r.path === p) ?? row[0])?.target;
}

/** The old site's permalink structure, when an import learned one. */
async function permalinkStructure(db: Kysely<Database>): Promise<string | undefined> {
  return (await db.selectFrom('wordpress_site').select('value').where('key', '=', 'permalink_structure').executeTakeFirst())?.value;
}

/** A post by an old address in the learned structure, and what under it was asked for. */
async function postByStructure(db: Kysely<Database>, site: SiteView, path: string): Promise<string | undefined> {
  if (path.length > 1000) return undefined;
  const structure = await permalinkStructure(db);
  const link = structure ? matchStructure(structure, path) : null;
  if (!link) return undefined;
  // The post's exact old link first (it tells apart two posts WordPress named alike), then its id, then its name.
  const post =
    (await redirectTarget(db, site.now, link.base + '/')) ??
    (await redirectTarget(db, site.now, link.base)) ??
    (link.postId !== undefined
      ? await articleByWpId(db, site.now, link.postId)
      : link.postName
        ? await db
            .selectFrom('articles')
            .select(['articles.id', 'articles.type', 'articles.slug', 'articles.published_at'])
            .where('articles.slug', '=', link.postName)
            .where('articles.type', '=', 'article')
            .where(visible(site.now))
            .executeTakeFirst()
        : undefined);
  if (!post) return undefined;
  const here = articlePermalink(post, site.settings['site.timezone']);
  // A page has no comment pages or feed of its own address: it answers with itself.
  return post.type === 'page' ? here : here + link.rest;
}

/**
 * The new address of an old WordPress one that is no route here, or undefined: an upload or
 * attachment page, then an address in the old permalink structure.
 */
export async function oldWordPressAddress(db: Kysely<Database>, site: SiteView, path: string): Promise<string | undefined> {
  const upload = await uploadTarget(db, path);
  if (upload) return upload;
  if (path.startsWith('/?')) {
    // An attachment page kept by its id: the story that holds it.
    const moved = await redirectTarget(db, site.now, path);
    return moved ? articlePermalink(moved, site.settings['site.timezone']) : undefined;
  }
  const target = await postByStructure(db, site, path);
  // Never answer an address with itself.
  return target && target !== path ? target : undefined;
}
