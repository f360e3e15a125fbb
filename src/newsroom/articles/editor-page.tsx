/**
 * The editor page's data: what the form sent, what a stored article shows in the form, and the
 * page itself with everything around the form (sections, people, autosave, links).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../kernel/jsx.js';
import type { ArticleType } from '../../db/schema.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { can } from '../access.js';
import { CsrfField } from '../csrf.js';
import { renderAdmin } from '../views/page.js';
import { truncateWords } from '../../content/render-body.js';
import { articlePermalink } from '../../content/permalinks.js';
import { allSections } from '../../content/queries.js';
import { correctionsOf } from '../../content/corrections.js';
import { EditorStyles } from './styles.js';
import { EditorPage, type EditorValues } from './editor-view.js';
import type { ArticleError } from './errors.js';
import { toLocalInput } from './local-time.js';
import { previewLink } from './preview.js';
import { pendingAutosave } from './revisions.js';
import { allowedStatuses, canChooseAuthors, canTrash, type Writer } from './rules.js';
import type { LoadedArticle } from './save.js';
import type { z } from 'zod';
import { form, many, maybe, one } from '../../kernel/input.js';
import { MAX_TAGS } from '../taxonomy/tags.js';

export const writerOf = (req: FastifyRequest): Writer => {
  const u = signedIn(req).user;
  return { id: u.id, role: u.role };
};

/**
 * The editor form's budget: structural limits no person typing reaches (a real form's tags are a
 * few hundred characters, its body under a megabyte), refused with a 400 before any work, and
 * exactly the fields the form has (a checkbox or a button may be absent; the headline and body
 * never are). What a person can get wrong (a headline too long, 51 tags) is checked by the save,
 * which shows the form again with everything typed.
 */
export const EditorForm = form({
  headline: one(5_000),
  dek: maybe(5_000),
  slug: maybe(1_000),
  body: one(900_000),
  body_format: maybe(20),
  excerpt: maybe(10_000),
  section_id: maybe(20),
  tags: many(MAX_TAGS * 4, 10_000),
  author_ids: many(50, 20),
  status: maybe(20),
  publish_at: maybe(40),
  featured_media_id: maybe(20),
  featured_alt: maybe(5_000),
  featured_caption: maybe(10_000),
  comments_open: maybe(10),
  correction: maybe(10_000),
  // The Preview button's own name.
  preview: maybe(10),
});
export type EditorFields = z.output<typeof EditorForm>;

/** What the editor form sent. */
export function formValues(b: EditorFields): EditorValues {
  const t = (v: string | undefined) => (v ?? '').trim();
  return {
    headline: t(b.headline),
    dek: t(b.dek),
    slug: t(b.slug),
    body: b.body,
    bodyFormat: t(b.body_format),
    excerpt: t(b.excerpt),
    sectionId: t(b.section_id),
    tags: b.tags.join(', ').trim(),
    authorIds: b.author_ids,
    status: t(b.status) || 'draft',
    publishAt: t(b.publish_at),
    featuredMediaId: t(b.featured_media_id),
    featuredAlt: t(b.featured_alt),
    featuredCaption: t(b.featured_caption),
    commentsOpen: ['1', 'on', 'true'].includes(t(b.comments_open)),
    correction: t(b.correction),
  };
}

/** What a stored article shows in the form. A Markdown body opens as the HTML it renders to. */
export async function valuesOf(ctx: NewsroomContext, l: LoadedArticle, tz: string): Promise<EditorValues> {
  const a = l.article;
  const db = ctx.deps.kysely;
  const [tags, media] = await Promise.all([
    l.tagIds.length ? db.selectFrom('tags').select('name').where('id', 'in', l.tagIds).orderBy('name').execute() : [],
    a.featured_media_id !== null ? db.selectFrom('media').select(['alt', 'caption']).where('id', '=', a.featured_media_id).executeTakeFirst() : undefined,
  ]);
  return {
    headline: a.headline,
    dek: a.dek,
    slug: a.slug,
    // The visual editor writes HTML; a Markdown story opens as the sanitised HTML readers get.
    body: a.body_format === 'markdown' ? a.body_html : a.body,
    bodyFormat: 'html',
    // An excerpt made from the body is not shown as if someone wrote it.
    excerpt: a.excerpt === truncateWords(a.body_text, 280) ? '' : a.excerpt,
    sectionId: a.section_id === null ? '' : String(a.section_id),
    tags: tags.map((t) => t.name).join(', '),
    authorIds: l.authorIds.map(String),
    status: a.status === 'trash' ? (a.trashed_status ?? 'draft') : a.status,
    publishAt: toLocalInput(a.published_at, tz),
    featuredMediaId: a.featured_media_id === null ? '' : String(a.featured_media_id),
    featuredAlt: media?.alt ?? '',
    featuredCaption: media?.caption ?? '',
    commentsOpen: a.comments_open === 1,
    correction: '',
  };
}

export const emptyValues = (type: ArticleType, me: number): EditorValues => ({
  headline: '',
  dek: '',
  slug: '',
  body: '',
  bodyFormat: 'html',
  excerpt: '',
  sectionId: '',
  tags: '',
  authorIds: [String(me)],
  status: 'draft',
  publishAt: '',
  featuredMediaId: '',
  featuredAlt: '',
  featuredCaption: '',
  commentsOpen: type === 'article',
  correction: '',
});

export interface EditorState {
  l: LoadedArticle | null;
  values: EditorValues;
  errors?: Record<string, string>;
  error?: ArticleError;
}

export async function editorPage(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, type: ArticleType, base: string, s: EditorState) {
  const deps = ctx.deps;
  const writer = writerOf(req);
  const settings = await deps.settings.all();
  const tz = settings['site.timezone'];
  const now = deps.clock.now();
  const a = s.l?.article ?? null;
  const [sections, people, media, auto, corrections] = await Promise.all([
    allSections(deps.kysely),
    canChooseAuthors(writer)
      ? deps.kysely.selectFrom('users').select(['id', 'name']).where('disabled_at', 'is', null).orderBy('name').execute()
      : deps.kysely
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', 'in', s.l?.authorIds.length ? s.l.authorIds : [writer.id])
          .execute(),
    deps.kysely.selectFrom('media').select(['id', 'name', 'path']).orderBy('id', 'desc').limit(200).execute(),
    a && !s.error ? pendingAutosave(deps.kysely, a, writer.id) : undefined,
    a ? correctionsOf(deps.kysely, a.id) : [],
  ]);
  const visible = a !== null && (a.status === 'published' || a.status === 'scheduled') && a.published_at !== null && a.published_at <= now;
  const noun = type === 'page' ? 'page' : 'article';
  return renderAdmin(ctx, req, reply, {
    title: a ? `Edit ${noun}: ${a.headline}` : `New ${noun}`,
    current: type === 'page' ? 'pages' : 'articles',
    status: s.error?.statusCode,
    code: s.error?.code,
    scripts: ['editor.js', 'story-editor.js'],
    body: (
      <Fragment>
        <EditorStyles ctx={ctx} />
        <EditorPage
          type={type}
          base={base}
          id={a?.id ?? null}
          values={s.values}
          errors={s.errors ?? s.error?.fields ?? {}}
          errorMessage={s.error?.message}
          csrf={<CsrfField ctx={ctx} req={req} />}
          statuses={allowedStatuses(writer, type)}
          current={a ? { status: a.status, publishedAt: a.published_at } : null}
          now={now}
          nowLocal={toLocalInput(now, tz)}
          sections={sections}
          people={people}
          chooseAuthors={canChooseAuthors(writer)}
          canUpload={can(writer.role, 'upload_files')}
          media={media}
          timeZone={tz}
          viewUrl={visible ? articlePermalink(a, tz) : null}
          previewUrl={a && !visible ? previewLink(deps, a.id, now) : null}
          autosave={auto ?? null}
          canTrash={a !== null && s.l !== null && canTrash(writer, { type, status: a.status, authorIds: s.l.authorIds })}
          corrections={corrections}
        />
      </Fragment>
    ),
  });
}
