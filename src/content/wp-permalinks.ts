/**
 * WordPress permalink structures (`/%postname%/`, `/%year%/%monthnum%/%day%/%postname%/`,
 * `/archives/%post_id%`, `/%category%/%postname%/`…): learned by an import from the export's own
 * links, then used by the site to answer any old address of that shape — the post itself and what
 * WordPress hangs under it (its feed, `amp/`, `embed/`, `trackback/`, a page `2/`, `comment-page-N/`).
 *
 * Pure: the importer infers, the site matches.
 */

/** What a post's link is made of. */
export interface PostFacts {
  postId: string;
  postName: string;
  /** `wp:post_date`, the site's local time: `YYYY-MM-DD HH:MM:SS`. */
  postDate: string;
  /** Category slugs of the post (nested categories appear in links parent first). */
  categories: string[];
  author: string;
}

const TOKEN_RE: Record<string, string> = {
  '%year%': '(\\d{4})',
  '%monthnum%': '(\\d{1,2})',
  '%day%': '(\\d{1,2})',
  '%hour%': '(\\d{1,2})',
  '%minute%': '(\\d{1,2})',
  '%second%': '(\\d{1,2})',
  '%post_id%': '(\\d{1,9})',
  '%postname%': '([^/]+)',
  '%category%': '((?:[^/]+/)*?[^/]+)',
  '%author%': '([^/]+)',
};

/**
 * The structure `path` was written in, as WordPress spells it (`/%postname%/`), or null when it is
 * no pretty permalink (`/?p=12`, another host's page) or says nothing about its post.
 */
export function inferStructure(path: string, post: PostFacts): string | null {
  if (!path.startsWith('/') || path.includes('?')) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(post.postDate);
  const byValue = new Map<string, string>();
  if (m) {
    byValue.set(m[1], '%year%');
    byValue.set(m[2], '%monthnum%');
    // A day equal to the month (2022-09-09) is still the day when it follows the month.
    if (m[3] !== m[2]) byValue.set(m[3], '%day%');
  }
  let name = post.postName;
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep it as written
  }
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const out: string[] = [];
  let named = false;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const before = out[out.length - 1];
    if (name && s.toLowerCase() === name.toLowerCase()) out.push('%postname%'), (named = true);
    else if (s === post.postId) out.push('%post_id%'), (named = true);
    else if (m && s === m[3] && before === '%monthnum%') out.push('%day%');
    else if (byValue.has(s) && !named) out.push(byValue.get(s)!);
    else if (post.categories.includes(s.toLowerCase())) {
      if (before !== '%category%') out.push('%category%');
    } else if (post.author && s.toLowerCase() === post.author.toLowerCase()) out.push('%author%');
    else out.push(s.replace(/%/g, '%25'));
  }
  if (!named) return null;
  return '/' + out.join('/') + (path.endsWith('/') ? '/' : '');
}

/** What an old address names: the post (by id or name) and what under it was asked for. */
export interface OldPostLink {
  /** The post's own address within `path` (without what hangs under it, nor a final slash). */
  base: string;
  postId?: number;
  postName?: string;
  /** The date the address carries, `YYYY-MM-DD` as far as it goes (to tell two posts of one name apart). */
  date?: { year?: number; month?: number; day?: number };
  /** `feed/`, `comment-page-2/`, or '' for the post itself. */
  rest: '' | 'feed/' | `comment-page-${number}/`;
}

/** What WordPress answers under a post: feeds, pages of a long post, AMP, embed, trackback. */
const SUFFIX = 'feed(?:/(?:rss2?|atom|rdf))?|rss2?|atom|rdf|comment-page-\\d{1,6}|amp|embed|trackback|(?:page/)?\\d{1,4}';

/** Reads `path` as an address in `structure`, or null when it is not one. */
export function matchStructure(structure: string, path: string): OldPostLink | null {
  if (!structure.includes('%postname%') && !structure.includes('%post_id%')) return null;
  const tokens: string[] = [];
  const body = structure
    .replace(/\/+$/, '')
    .split(/(%[a-z_]+%)/)
    .map((part) => {
      if (TOKEN_RE[part]) {
        tokens.push(part);
        return TOKEN_RE[part];
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // The suffix is part of the pattern, so a nested %category% gives way to it.
  const m = new RegExp(`^(${body})(?:/(${SUFFIX}))?/?$`, 'i').exec(path);
  if (!m) return null;
  const suffix = (m[tokens.length + 2] ?? '').toLowerCase();
  const page = /^comment-page-(\d+)$/.exec(suffix);
  const out: OldPostLink = { base: m[1], rest: /^(?:feed|rss|atom|rdf)/.test(suffix) ? 'feed/' : page ? (`comment-page-${Number(page[1])}/` as const) : '' };
  const date: NonNullable<OldPostLink['date']> = {};
  tokens.forEach((t, i) => {
    const v = m[i + 2];
    if (t === '%post_id%') out.postId = Number(v);
    else if (t === '%postname%') out.postName = v.toLowerCase();
    else if (t === '%year%') date.year = Number(v);
    else if (t === '%monthnum%') date.month = Number(v);
    else if (t === '%day%') date.day = Number(v);
  });
  if (date.year) out.date = date;
  return out;
}
