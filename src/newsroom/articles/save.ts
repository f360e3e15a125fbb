/**
 * Saving from the editor: the role rules, the status and its date, tags created on the fly, the
 * featured image's alt text and caption, then the write itself (`createArticle`/`updateArticle`,
 * which keep slugs unique, record old permalinks as redirects and name the stale pages) and a
 * revision, all in one transaction.
 */
import type { Transaction } from 'kysely';
import type { Article, ArticleStatus, ArticleType, Database } from '../../db/schema.js';
import type { Deps, Stale } from '../../runtime/deps.js';
import { createArticle, updateArticle, type ArticleInput } from '../../content/articles.js';
import { resolveTags, tagFieldProblem, tagNames } from '../taxonomy/tags.js';
import { canChangeMedia } from '../media/rules.js';
import { mediaUsage } from '../media/library.js';
import { ArticleError } from './errors.js';
import { parseLocalInput } from './local-time.js';
import { renderBody } from '../../content/render-body.js';
import { addCorrection } from '../../content/corrections.js';
import { recordRevision } from './revisions.js';
import { allowedStatuses, canChooseAuthors, canCreate, canEdit, type Writer } from './rules.js';

/** What the editor form sends, already read from the body. */
export interface EditorForm {
  headline: string;
  dek: string;
  slug: string;
  body: string;
  /** `html` from the visual editor (and its no-script textarea); absent from older clients and the API. */
  bodyFormat: string;
  excerpt: string;
  sectionId: string;
  tags: string;
  authorIds: string[];
  status: string;
  publishAt: string;
  featuredMediaId: string;
  featuredAlt: string;
  featuredCaption: string;
  commentsOpen: boolean;
  /** A correction to append, dated, to a published story (empty: none). */
  correction: string;
}

const STATUSES: ArticleStatus[] = ['draft', 'pending', 'scheduled', 'published'];

/** An article row with its author and tag ids. */
export interface LoadedArticle {
  article: Article;
  authorIds: number[];
  tagIds: number[];
}

export async function loadArticle(db: Transaction<Database> | Deps['kysely'], id: number): Promise<LoadedArticle | undefined> {
  const article = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!article) return undefined;
  const [authors, tags] = await Promise.all([
    db.selectFrom('article_authors').select('user_id').where('article_id', '=', id).orderBy('position').execute(),
    db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute(),
  ]);
  return { article, authorIds: authors.map((r) => r.user_id), tagIds: tags.map((r) => r.tag_id) };
}

/** The write input that keeps everything of an article as it is (status changes start from it). */
export function inputFromRow(l: LoadedArticle): ArticleInput {
  const a = l.article;
  return {
    type: a.type,
    headline: a.headline,
    dek: a.dek,
    slug: a.slug,
    body: a.body,
    bodyFormat: a.body_format,
    excerpt: a.excerpt,
    status: a.status,
    publishedAt: a.published_at,
    sectionId: a.section_id,
    authorIds: l.authorIds,
    tagIds: l.tagIds,
    featuredMediaId: a.featured_media_id,
    commentsOpen: a.comments_open === 1,
  };
}

const toId = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : null);

/**
 * Saves the editor's form as a new article (`id` null) or over an existing one; returns its id.
 * Throws {@link ArticleError} with field messages when refused.
 */
export async function saveArticle(deps: Deps, writer: Writer, type: ArticleType, id: number | null, form: EditorForm): Promise<number> {
  const now = deps.clock.now();
  const tz = (await deps.settings.all())['site.timezone'];
  return deps.write(async (trx, stale) => {
    const before = id === null ? undefined : await loadArticle(trx, id);
    if (id !== null && (!before || before.article.type !== type)) throw new ArticleError('GAZ_ERR_ARTICLE_NOT_FOUND');
    if (before ? !canEdit(writer, { type, status: before.article.status, authorIds: before.authorIds }) : !canCreate(writer, type)) {
      throw new ArticleError('GAZ_ERR_ARTICLE_FORBIDDEN');
    }
    const errors: Record<string, string> = {};
    const headline = form.headline.trim().replace(/\s+/g, ' ');
    if (!headline) errors.headline = 'Write a headline.';
    else if (headline.length > 300) errors.headline = 'Keep the headline under 300 characters.';

    let status = form.status as ArticleStatus;
    if (!STATUSES.includes(status)) errors.status = 'Choose a status.';
    else if (!allowedStatuses(writer, type).includes(status))
      throw new ArticleError('GAZ_ERR_ARTICLE_STATUS_FORBIDDEN', { status: 'Your role can save drafts and submit for review.' });

    // The date field echoes the stored date to the minute; unchanged, it keeps the exact instant.
    const beforeAt = before?.article.published_at ?? null;
    let publishAt = parseLocalInput(form.publishAt, tz);
    if (publishAt === undefined) errors.publish_at = 'Give the date and time as YYYY-MM-DD HH:MM.';
    else if (beforeAt !== null && (publishAt === Math.floor(beforeAt / 60000) * 60000 || publishAt === Math.floor(beforeAt / 1000) * 1000))
      publishAt = beforeAt;
    if (status === 'scheduled' && publishAt === null) errors.publish_at = 'Choose when the article is to appear.';
    // Scheduling for a moment already past publishes at once, at that moment; publishing with a
    // moment still to come schedules.
    if (status === 'scheduled' && typeof publishAt === 'number' && publishAt <= now) status = 'published';
    else if (status === 'published' && typeof publishAt === 'number' && publishAt > now) status = 'scheduled';

    const sectionId = toId(form.sectionId);
    if (sectionId !== null && !(await trx.selectFrom('sections').select('id').where('id', '=', sectionId).executeTakeFirst()))
      errors.section_id = 'Choose a section from the list.';

    const tagProblem = tagFieldProblem(form.tags);
    if (tagProblem) errors.tags = tagProblem;

    const featuredId = toId(form.featuredMediaId);
    const media = featuredId === null ? undefined : await trx.selectFrom('media').selectAll().where('id', '=', featuredId).executeTakeFirst();
    if (featuredId !== null && !media) errors.featured_media_id = 'That image is no longer in the library.';
    // An image's alt text and caption are its uploader's (or an editor's) to change: anyone else
    // may feature it, and it keeps the words it has.
    const mayDescribe = media !== undefined && canChangeMedia(writer, media);
    const alt = media && !mayDescribe ? media.alt : form.featuredAlt.trim().slice(0, 500);
    if (media && (status === 'published' || status === 'scheduled') && !alt) {
      errors.featured_alt = mayDescribe
        ? 'Describe the image for readers who cannot see it.'
        : 'This image has no alt text yet: ask whoever uploaded it (or an editor) to describe it, or choose another.';
      if (!Object.keys(errors).some((k) => k !== 'featured_alt')) throw new ArticleError('GAZ_ERR_ARTICLE_ALT_REQUIRED', errors);
    }
    const bodyFormat = form.bodyFormat === 'html' ? 'html' : (before?.article.body_format ?? 'markdown');
    const body = form.body.replace(/\r\n?/g, '\n');
    if (status === 'published' || status === 'scheduled') {
      const missing = imagesWithoutAlt(renderBody(body, bodyFormat));
      if (missing) {
        errors.body = `${missing === 1 ? 'One image in the story has' : `${missing} images in the story have`} no alt text: describe ${missing === 1 ? 'it' : 'each one'} for readers who cannot see it.`;
        if (Object.keys(errors).length === 1) throw new ArticleError('GAZ_ERR_ARTICLE_IMAGE_ALT_REQUIRED', errors);
      }
    }
    const correction = form.correction.trim().slice(0, 2000);
    const wasPublic = before !== undefined && (before.article.status === 'published' || before.article.status === 'scheduled') && (beforeAt ?? Infinity) <= now;
    if (correction && !wasPublic) {
      errors.correction = 'Corrections are for published stories; change the text of an unpublished one instead.';
      if (Object.keys(errors).length === 1) throw new ArticleError('GAZ_ERR_ARTICLE_CORRECTION_UNPUBLISHED', errors);
    }
    if (Object.keys(errors).length) throw new ArticleError('GAZ_ERR_ARTICLE_INVALID', errors);

    if (media && mayDescribe && (alt !== media.alt || form.featuredCaption.trim().slice(0, 2000) !== media.caption)) {
      await trx
        .updateTable('media')
        .set({ alt, caption: form.featuredCaption.trim().slice(0, 2000) })
        .where('id', '=', media.id)
        .execute();
      stale(...(await mediaUsage(trx, media)).articles.map((a) => `article:${a.id}`));
    }

    const wantedAuthors = form.authorIds.map(toId).filter((v): v is number => v !== null);
    const authorIds = canChooseAuthors(writer) && wantedAuthors.length ? await existingUsers(trx, wantedAuthors) : before ? before.authorIds : [writer.id];
    const input: ArticleInput = {
      type,
      headline,
      dek: form.dek.trim(),
      slug: form.slug.trim() || (before ? before.article.slug : headline),
      body,
      bodyFormat,
      excerpt: form.excerpt.trim(),
      status,
      publishedAt: datedFor(status, publishAt as number | null, beforeAt, now),
      sectionId,
      authorIds: authorIds.length ? authorIds : [writer.id],
      tagIds: await resolveTags(trx, tagNames(form.tags)),
      featuredMediaId: featuredId,
      commentsOpen: form.commentsOpen,
    };
    const savedId = before
      ? (await updateArticle(trx, before.article.id, input, now, stale, tz), before.article.id)
      : await createArticle(trx, input, now, stale, tz);
    if (correction) await addCorrection(trx, savedId, correction, writer.id, now);
    await afterWrite(trx, savedId, writer.id, now);
    return savedId;
  });
}

/** How many images in sanitised body HTML have no (or an empty) alt text. */
export function imagesWithoutAlt(html: string): number {
  let n = 0;
  for (const m of html.matchAll(/<img\b[^>]*>/gi)) if (!/\balt="[^"]*[^"\s][^"]*"/.test(m[0])) n++;
  return n;
}

/** published_at for a status: a published article without a date is dated now; a draft keeps what it had. */
function datedFor(status: ArticleStatus, publishAt: number | null, before: number | null, now: number): number | null {
  if (status === 'published') return publishAt ?? before ?? now;
  if (status === 'scheduled') return publishAt;
  return publishAt ?? before;
}

async function existingUsers(trx: Transaction<Database>, ids: number[]): Promise<number[]> {
  const found = new Set((await trx.selectFrom('users').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  return [...new Set(ids)].filter((i) => found.has(i));
}

/** Records the saved state as a revision. */
export async function afterWrite(trx: Transaction<Database>, id: number, userId: number, now: number): Promise<void> {
  const saved = await trx.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await recordRevision(trx, saved, userId, now);
}

/** Re-saves an article with a change to its write input (status changes, restores), checking nothing: callers do. */
export async function rewrite(
  trx: Transaction<Database>,
  stale: Stale,
  l: LoadedArticle,
  change: Partial<ArticleInput>,
  now: number,
  tz: string,
): Promise<void> {
  await updateArticle(trx, l.article.id, { ...inputFromRow(l), ...change }, now, stale, tz);
}
