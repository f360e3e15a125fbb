/**
 * Every page of the newsroom, read from the route registry (so a page added later is visited
 * without touching the tests that visit them all), with a concrete address: `:id` filled with a
 * real thing of its kind.
 */
import { adminRoutes } from '../../src/newsroom/routes.js';

export type AdminThing = 'article' | 'page' | 'comment' | 'media' | 'section' | 'author';

const kindOf = (path: string): AdminThing =>
  path.startsWith('/admin/pages')
    ? 'page'
    : path.startsWith('/admin/comments')
      ? 'comment'
      : path.startsWith('/admin/media')
        ? 'media'
        : path.startsWith('/admin/taxonomy')
          ? 'section'
          : path.startsWith('/admin/authors')
            ? 'author'
            : 'article';

/** Signed-in GET pages (not JSON, previews or wildcards); a page about a kind `ids` lacks is left out. */
export function adminPages(ids: Partial<Record<AdminThing, number>>): string[] {
  const out: string[] = [];
  for (const r of adminRoutes()) {
    if (r.method !== 'GET' || r.role === 'anonymous' || r.path.endsWith('*') || /\.json$|date-preview/.test(r.path)) continue;
    if (!r.path.includes(':')) {
      out.push(r.path);
      continue;
    }
    const id = ids[kindOf(r.path)];
    if (id !== undefined) out.push(r.path.replace(/:[a-z]+/, String(id)));
  }
  return out;
}
