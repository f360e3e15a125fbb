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
import { field, fields, formBody } from '../form.js';
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

export const writerOf = (req: FastifyRequest): Writer => {
  const u = signedIn(req).user;
  return { id: u.id, role: u.role };
};

/** What the editor form sent. */
export function formValues(req: FastifyRequest): EditorValues {
  const b = formBody(req);
  return {
    headline: field(b, 'headline'),
    dek: field(b, 'dek'),
    slug: field(b, 'slug'),
    body: field(b, 'body', true),
    bodyFormat: field(b, 'body_format'),
    excerpt: field(b, 'excerpt'),
    sectionId: field(b, 'section_id'),
    tags: Array.isArray(b.tags) ? b.tags.join(', ') : field(b, 'tags'),
    authorIds: fields(b, 'author_ids'),
    status: field(b, 'status') || 'draft',
    publishAt: field(b, 'publish_at'),
    featuredMediaId: field(b, 'featured_media_id'),
    featuredAlt: field(b, 'featured_alt'),
    featuredCaption: field(b, 'featured_caption'),
    commentsOpen: ['1', 'on', 'true'].includes(field(b, 'comments_open')),
    correction: field(b, 'correction'),
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
