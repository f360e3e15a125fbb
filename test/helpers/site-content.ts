/**
 * A site's content, as a value two sites can be compared by: read from `gazette export FILE.json`
 * and keyed by natural keys (slugs, emails, dates), not by ids, so a site rebuilt by an import in
 * another order compares equal when its content is the same.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

type Row = Record<string, unknown>;

export function readExport(file: string): { header: Row; tables: Record<string, Row[]> } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Row & { tables: Record<string, Row[]> };
  const { tables, ...header } = doc;
  return { header, tables };
}

/** Articles (with section, tags, authors, image), comments (with their parent) and terms, by natural keys. */
export function contentOf(tables: Record<string, Row[]>) {
  const byId = (name: string) => new Map((tables[name] ?? []).map((r) => [r.id as number, r]));
  const sections = byId('sections');
  const tags = byId('tags');
  const users = byId('users');
  const media = byId('media');
  const articles = byId('articles');
  const comments = byId('comments');
  const sort = <T>(xs: T[]) => xs.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return {
    sections: sort(
      [...sections.values()].map((s) => ({
        slug: s.slug,
        name: s.name,
        description: s.description,
        parent: s.parent_id ? sections.get(s.parent_id as number)?.slug : null,
      })),
    ),
    tags: sort([...tags.values()].map((t) => ({ slug: t.slug, name: t.name }))),
    articles: sort(
      [...articles.values()].map((a) => ({
        type: a.type,
        slug: a.slug,
        headline: a.headline,
        body: a.body,
        body_html: a.body_html,
        excerpt: a.excerpt,
        status: a.status,
        published_at: a.published_at,
        sticky: a.sticky,
        comments_open: a.comments_open,
        password: a.password,
        section: a.section_id ? sections.get(a.section_id as number)?.slug : null,
        image: a.featured_media_id ? media.get(a.featured_media_id as number)?.original_url : null,
        tags: (tables.article_tags ?? [])
          .filter((x) => x.article_id === a.id)
          .map((x) => tags.get(x.tag_id as number)?.slug)
          .sort(),
        authors: (tables.article_authors ?? []).filter((x) => x.article_id === a.id).map((x) => users.get(x.user_id as number)?.email),
      })),
    ),
    comments: sort(
      [...comments.values()].map((c) => {
        const parent = c.parent_id ? comments.get(c.parent_id as number) : undefined;
        return {
          article: articles.get(c.article_id as number)?.slug,
          author: c.author,
          email: c.email,
          url: c.url,
          body: c.body,
          status: c.status,
          created_at: c.created_at,
          parent: parent ? `${parent.author}@${parent.created_at}` : null,
        };
      }),
    ),
  };
}

export function contentHash(tables: Record<string, Row[]>): string {
  return createHash('sha256')
    .update(JSON.stringify(contentOf(tables)))
    .digest('hex');
}
