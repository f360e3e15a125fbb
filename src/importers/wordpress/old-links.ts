/**
 * The old site's addresses beyond each post's own link, learned while the items go by:
 *
 * - its permalink structure: each published post's `<link>` is read against its name, id, date
 *   and categories (content/wp-permalinks.ts); the structure most posts agree on is kept in
 *   `wordpress_site`, and the site answers any address of that shape (site/wordpress-links.ts);
 * - its attachment pages: an attachment's `<link>` (`/story/photo/`, `/?attachment_id=N`) answers
 *   301 to the file when it came home (`upload_redirects`), else to the story that holds it
 *   (`redirects`, so it follows the story's later moves), else 404.
 */
import { inferStructure } from '../../content/wp-permalinks.js';
import type { ImportContext, OldLinks } from './context.js';
import type { WxrItem } from './records.js';
import { permalinkPath, wpId } from './values.js';

export const emptyOldLinks = (): OldLinks => ({ structures: new Map(), attachments: [] });

/** The path of a WordPress link, or null (another host's address is still read for its path). */
function linkPath(link: string): string | null {
  try {
    return new URL(link, 'http://old.invalid').pathname;
  } catch {
    return null;
  }
}

/** Counts the structure a published post's link was written in. */
export function notePostLink(links: OldLinks, it: WxrItem): void {
  if (it.postType !== 'post' || it.status !== 'publish' || !it.link || /[?&]p=\d/.test(it.link)) return;
  const path = linkPath(it.link);
  if (!path) return;
  const categories = it.categories.filter((c) => c.domain === 'category' || c.domain === '').map((c) => c.nicename.toLowerCase());
  const structure = inferStructure(path, { postId: it.postId, postName: it.postName, postDate: it.postDate, categories, author: it.creator.trim() });
  if (structure) links.structures.set(structure, (links.structures.get(structure) ?? 0) + 1);
}

/** Every address an attachment's page had on the old site. */
export function attachmentPaths(it: WxrItem, wp: number): string[] {
  const paths = [`/?attachment_id=${wp}`];
  const own = permalinkPath(it.link);
  if (own) paths.push(own);
  return paths;
}

export function noteAttachmentLink(links: OldLinks, it: WxrItem, wp: number): void {
  links.attachments.push({ paths: attachmentPaths(it, wp), wp, parentWp: wpId(it.postParent) });
}

/** The structure most posts' links agree on, if any. */
export function commonStructure(links: OldLinks): string | undefined {
  let best: [string, number] | undefined;
  for (const e of links.structures) if (!best || e[1] > best[1]) best = e;
  return best?.[0];
}

/** Writes what was learned, at the end of the import (attachments may come before their story). */
export async function saveOldLinks(ctx: ImportContext, links: OldLinks): Promise<void> {
  const structure = commonStructure(links);
  if (structure) {
    ctx.summary.permalinkStructure = structure;
    await ctx.trx
      .insertInto('wordpress_site')
      .values({ key: 'permalink_structure', value: structure })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: structure }))
      .execute();
  }
  for (const a of links.attachments) {
    const local = ctx.localMedia.get(a.wp);
    if (local) {
      const target = `/${local.path.replace(/^\/+/, '')}`;
      const media_id = ctx.media.get(a.wp) ?? null;
      for (const path of a.paths) {
        await ctx.trx
          .insertInto('upload_redirects')
          .values({ path, target, media_id })
          .onConflict((oc) => oc.column('path').doUpdateSet({ target, media_id }))
          .execute();
        // An earlier run, without the file, sent this page to its story.
        await ctx.hot.dropRedirect(path);
      }
      continue;
    }
    const story = a.parentWp === null ? undefined : await ctx.hot.articleByWpId(a.parentWp);
    await ctx.trx.deleteFrom('upload_redirects').where('path', 'in', a.paths).execute();
    for (const path of a.paths) {
      if (story) await ctx.hot.addRedirect(path, story.id);
      // Re-imported without its story: the old page no longer leads anywhere.
      else await ctx.hot.dropRedirect(path);
    }
  }
}
