/**
 * Editor routes for articles (`/admin/articles…`) and static pages (`/admin/pages…`): the list with
 * filters and bulk actions, the editor, status changes, revisions, autosave, the live preview of
 * the body and tag suggestions.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../kernel/jsx.js';
import type { ArticleStatus, ArticleType } from '../../db/schema.js';
import { adminRoute, type AdminRoute } from '../registry.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { CsrfField } from '../csrf.js';
import { field, fields, formBody, ids } from '../form.js';
import { setFlash } from '../flash.js';
import { forbidden, notFound, renderAdmin, seeOther } from '../views/page.js';
import { renderBody, truncateWords } from '../../content/render-body.js';
import { articlePermalink } from '../../content/permalinks.js';
import { allSections } from '../../content/queries.js';
import { suggestTags } from '../taxonomy/tags.js';
import { listMedia } from '../media/library.js';
import { EditorStyles } from './styles.js';
import { EditorPage, type EditorValues } from './editor-view.js';
import { ArticleList } from './list-view.js';
import { RevisionsPage } from './revisions-view.js';
import { ArticleError } from './errors.js';
import { listArticles, statusCounts } from './list.js';
import { toLocalInput } from './local-time.js';
import { previewLink } from './preview.js';
import { restoreRevision } from './restore.js';
import { autosave, diffRevisions, listRevisions, pendingAutosave, revisionById } from './revisions.js';
import { allowedStatuses, canChooseAuthors, canCreate, canEdit, canTrash, type Writer } from './rules.js';
import { loadArticle, saveArticle, type LoadedArticle } from './save.js';
import { bulkChangeStatus, changeStatus, type StatusAction } from './status.js';

const wantsJson = (req: FastifyRequest) => (req.headers.accept ?? '').includes('application/json');
const idParam = (req: FastifyRequest, name = 'id') => {
  const n = Number((req.params as Record<string, string>)[name]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};
const writerOf = (req: FastifyRequest): Writer => {
  const u = signedIn(req).user;
  return { id: u.id, role: u.role };
};

function formValues(req: FastifyRequest): EditorValues {
  const b = formBody(req);
  return {
    headline: field(b, 'headline'),
    dek: field(b, 'dek'),
    slug: field(b, 'slug'),
    body: field(b, 'body', true),
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
  };
}

async function valuesOf(ctx: NewsroomContext, l: LoadedArticle, tz: string): Promise<EditorValues> {
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
    body: a.body,
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
  };
}

const emptyValues = (type: ArticleType, me: number): EditorValues => ({
  headline: '',
  dek: '',
  slug: '',
  body: '',
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
});

interface EditorState {
  l: LoadedArticle | null;
  values: EditorValues;
  errors?: Record<string, string>;
  error?: ArticleError;
}

async function editorPage(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, type: ArticleType, base: string, s: EditorState) {
  const deps = ctx.deps;
  const writer = writerOf(req);
  const settings = await deps.settings.all();
  const tz = settings['site.timezone'];
  const now = deps.clock.now();
  const a = s.l?.article ?? null;
  const [sections, people, media, auto] = await Promise.all([
    allSections(deps.kysely),
    canChooseAuthors(writer) ? deps.kysely.selectFrom('users').select(['id', 'name']).orderBy('name').execute() : [],
    listMedia(deps.kysely, { page: 1, perPage: 200 }),
    a && !s.error ? pendingAutosave(deps.kysely, a, writer.id) : undefined,
  ]);
  const visible = a !== null && (a.status === 'published' || a.status === 'scheduled') && a.published_at !== null && a.published_at <= now;
  const noun = type === 'page' ? 'page' : 'article';
  return renderAdmin(ctx, req, reply, {
    title: a ? `Edit ${noun}: ${a.headline}` : `New ${noun}`,
    current: type === 'page' ? 'pages' : 'articles',
    status: s.error?.statusCode,
    code: s.error?.code,
    scripts: ['editor.js'],
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
          currentStatus={a?.status ?? null}
          sections={sections}
          people={people}
          media={media.items}
          timeZone={tz}
          viewUrl={visible ? articlePermalink(a, tz) : null}
          previewUrl={a && !visible ? previewLink(deps, a.id, now) : null}
          autosave={auto ?? null}
          canTrash={a !== null && s.l !== null && canTrash(writer, { type, status: a.status, authorIds: s.l.authorIds })}
        />
      </Fragment>
    ),
  });
}

/** Routes for one kind of content under `base`. */
function contentRoutes(type: ArticleType, base: string, role: 'contributor' | 'editor'): AdminRoute[] {
  const save = async (ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, id: number | null) => {
    const writer = writerOf(req);
    const values = formValues(req);
    let before: LoadedArticle | null = null;
    if (id !== null) {
      before = (await loadArticle(ctx.deps.kysely, id)) ?? null;
      if (!before || before.article.type !== type) return notFound(ctx, req, reply);
    }
    try {
      const saved = await saveArticle(ctx.deps, writer, type, id, values);
      if (wantsJson(req)) {
        const row = await ctx.deps.kysely.selectFrom('articles').select(['id', 'slug', 'status']).where('id', '=', saved).executeTakeFirstOrThrow();
        return reply.code(id === null ? 201 : 200).send(row);
      }
      setFlash(ctx, reply, id === null ? 'Created.' : 'Saved.');
      return seeOther(reply, `${base}/${saved}`);
    } catch (err) {
      if (!(err instanceof ArticleError)) throw err;
      if (wantsJson(req))
        return reply.code(err.statusCode).header('x-gazette-error', err.code).send({ code: err.code, message: err.message, errors: err.fields });
      if (err.code === 'GAZ_ERR_ARTICLE_NOT_FOUND') return notFound(ctx, req, reply);
      return editorPage(ctx, req, reply, type, base, { l: before, values, error: err });
    }
  };

  const load = async (ctx: NewsroomContext, req: FastifyRequest) => {
    const id = idParam(req);
    const l = id === null ? undefined : await loadArticle(ctx.deps.kysely, id);
    return l && l.article.type === type ? l : null;
  };

  return [
    adminRoute('GET', base, role, async (ctx, req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      const statuses = ['all', 'draft', 'pending', 'scheduled', 'published', 'trash'];
      const status = statuses.includes(q.status ?? '') ? (q.status as ArticleStatus | 'all') : 'all';
      const page = Math.min(Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1), 10000);
      const num = (v?: string) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
      const db = ctx.deps.kysely;
      const settings = await ctx.deps.settings.all();
      const [{ rows, more }, counts, sections, authors] = await Promise.all([
        listArticles(db, { type, status, sectionId: num(q.section), authorId: num(q.author), q: q.q, page, perPage: 30 }),
        statusCounts(db, type),
        allSections(db),
        db
          .selectFrom('users')
          .select(['id', 'name'])
          .where((eb) => eb.exists(eb.selectFrom('article_authors').select('user_id').whereRef('article_authors.user_id', '=', 'users.id')))
          .orderBy('name')
          .execute(),
      ]);
      return renderAdmin(ctx, req, reply, {
        title: type === 'page' ? 'Pages' : 'Articles',
        current: type === 'page' ? 'pages' : 'articles',
        body: (
          <Fragment>
            <EditorStyles ctx={ctx} />
            <ArticleList
              type={type}
              base={base}
              rows={rows}
              more={more}
              page={page}
              filter={{ status, section: q.section ?? '', author: q.author ?? '', q: q.q ?? '' }}
              counts={counts}
              sections={sections}
              authors={authors}
              csrf={<CsrfField ctx={ctx} req={req} />}
              timeZone={settings['site.timezone']}
              now={ctx.deps.clock.now()}
            />
          </Fragment>
        ),
      });
    }),

    adminRoute('POST', `${base}/bulk`, role, async (ctx, req, reply) => {
      const body = formBody(req);
      const action = field(body, 'action') as StatusAction;
      if (!['publish', 'unpublish', 'trash', 'restore'].includes(action)) return seeOther(reply, base);
      const r = await bulkChangeStatus(ctx.deps, writerOf(req), type, ids(body, 'ids'), action);
      if (wantsJson(req)) return reply.send(r);
      setFlash(ctx, reply, `${r.done} changed${r.refused ? `, ${r.refused} refused (not allowed, or alt text missing)` : ''}.`, r.refused ? 'error' : 'ok');
      return seeOther(reply, base + (action === 'restore' ? '?status=trash' : ''));
    }),

    adminRoute('GET', `${base}/new`, role, async (ctx, req, reply) => {
      const writer = writerOf(req);
      if (!canCreate(writer, type)) return forbidden(ctx, req, reply);
      return editorPage(ctx, req, reply, type, base, { l: null, values: emptyValues(type, writer.id) });
    }),

    adminRoute('POST', `${base}/new`, role, async (ctx, req, reply) => save(ctx, req, reply, null)),

    // The first autosave of a new article creates it as a draft, so later ones have an id.
    adminRoute('POST', `${base}/new/autosave`, role, async (ctx, req, reply) => {
      const values = formValues(req);
      if (!values.headline) return reply.code(204).send();
      try {
        const id = await saveArticle(ctx.deps, writerOf(req), type, null, { ...values, status: 'draft', publishAt: '' });
        return reply.code(201).send({ id, url: `${base}/${id}`, autosave: `${base}/${id}/autosave`, savedAt: ctx.deps.clock.now() });
      } catch (err) {
        if (!(err instanceof ArticleError)) throw err;
        return reply.code(err.statusCode).header('x-gazette-error', err.code).send({ code: err.code, message: err.message, errors: err.fields });
      }
    }),

    adminRoute('GET', `${base}/:id`, role, async (ctx, req, reply) => {
      const l = await load(ctx, req);
      if (!l) return notFound(ctx, req, reply);
      if (!canEdit(writerOf(req), { type, status: l.article.status, authorIds: l.authorIds })) return forbidden(ctx, req, reply);
      const tz = (await ctx.deps.settings.all())['site.timezone'];
      return editorPage(ctx, req, reply, type, base, { l, values: await valuesOf(ctx, l, tz) });
    }),

    adminRoute('POST', `${base}/:id`, role, async (ctx, req, reply) => save(ctx, req, reply, idParam(req) ?? -1)),

    adminRoute('POST', `${base}/:id/autosave`, role, async (ctx, req, reply) => {
      const l = await load(ctx, req);
      if (!l) return reply.code(404).send({ code: 'GAZ_ERR_ARTICLE_NOT_FOUND' });
      const writer = writerOf(req);
      if (!canEdit(writer, { type, status: l.article.status, authorIds: l.authorIds })) return reply.code(403).send({ code: 'GAZ_ERR_ARTICLE_FORBIDDEN' });
      const v = formValues(req);
      const now = ctx.deps.clock.now();
      await ctx.deps.write((trx) =>
        autosave(
          trx,
          l.article.id,
          writer.id,
          { headline: v.headline, dek: v.dek, slug: v.slug, excerpt: v.excerpt, body: v.body, status: l.article.status },
          now,
        ),
      );
      return reply.send({ savedAt: now });
    }),

    adminRoute('POST', `${base}/:id/status`, role, async (ctx, req, reply) => {
      const id = idParam(req);
      const action = field(formBody(req), 'action') as StatusAction;
      if (id === null || !['publish', 'unpublish', 'trash', 'restore'].includes(action)) return notFound(ctx, req, reply);
      try {
        await changeStatus(ctx.deps, writerOf(req), type, id, action);
      } catch (err) {
        if (!(err instanceof ArticleError)) throw err;
        if (wantsJson(req)) return reply.code(err.statusCode).header('x-gazette-error', err.code).send({ code: err.code, message: err.message });
        if (err.statusCode === 404) return notFound(ctx, req, reply);
        if (err.statusCode === 403) return forbidden(ctx, req, reply);
        setFlash(ctx, reply, err.message, 'error');
        return seeOther(reply, `${base}/${id}`);
      }
      if (wantsJson(req)) return reply.send({ ok: true });
      const done = { publish: 'Published.', unpublish: 'Unpublished: it is a draft again.', trash: 'Moved to the trash.', restore: 'Restored from the trash.' }[
        action
      ];
      setFlash(ctx, reply, done);
      return seeOther(reply, action === 'trash' ? `${base}?status=trash` : `${base}/${id}`);
    }),

    adminRoute('GET', `${base}/:id/revisions`, role, async (ctx, req, reply) => {
      const l = await load(ctx, req);
      if (!l) return notFound(ctx, req, reply);
      if (!canEdit(writerOf(req), { type, status: l.article.status, authorIds: l.authorIds })) return forbidden(ctx, req, reply);
      const db = ctx.deps.kysely;
      const revisions = await listRevisions(db, l.article.id);
      const q = req.query as { from?: string; to?: string };
      const pick = (v: string | undefined, fallback: number) => revisions.find((r) => String(r.id) === v) ?? revisions[fallback] ?? null;
      const to = pick(q.to, 0);
      const from = pick(q.from, 1);
      const tz = (await ctx.deps.settings.all())['site.timezone'];
      return renderAdmin(ctx, req, reply, {
        title: `Revisions: ${l.article.headline}`,
        current: type === 'page' ? 'pages' : 'articles',
        body: (
          <Fragment>
            <EditorStyles ctx={ctx} />
            <RevisionsPage
              base={base}
              articleId={l.article.id}
              headline={l.article.headline}
              revisions={revisions}
              from={from}
              to={to}
              diff={from && to ? diffRevisions(from, to) : []}
              csrf={<CsrfField ctx={ctx} req={req} />}
              timeZone={tz}
            />
          </Fragment>
        ),
      });
    }),

    adminRoute('POST', `${base}/:id/revisions/:rid/restore`, role, async (ctx, req, reply) => {
      const id = idParam(req);
      const rid = idParam(req, 'rid');
      if (id === null || rid === null || !(await revisionById(ctx.deps.kysely, id, rid))) return notFound(ctx, req, reply);
      try {
        await restoreRevision(ctx.deps, writerOf(req), type, id, rid);
      } catch (err) {
        if (!(err instanceof ArticleError)) throw err;
        return err.statusCode === 403 ? forbidden(ctx, req, reply) : notFound(ctx, req, reply);
      }
      setFlash(ctx, reply, 'Revision restored.');
      return seeOther(reply, `${base}/${id}`);
    }),
  ];
}

/** Helpers of the editor page used by both kinds of content. */
const editorHelpers: AdminRoute[] = [
  // The live preview renders with the site's own renderer and sanitiser.
  adminRoute('POST', '/admin/articles/preview', 'contributor', async (_ctx, req, reply) => {
    const body = formBody(req);
    const text = typeof body.body === 'string' ? body.body : '';
    return reply.send({ html: renderBody(text.slice(0, 500_000), 'markdown') });
  }),
  adminRoute('GET', '/admin/tags.json', 'contributor', async (ctx, req, reply) => {
    const q = String((req.query as { q?: string }).q ?? '');
    return reply.send({ tags: await suggestTags(ctx.deps.kysely, q) });
  }),
];

export const articleRoutes: AdminRoute[] = [...editorHelpers, ...contentRoutes('article', '/admin/articles', 'contributor')];
export const pageRoutes: AdminRoute[] = contentRoutes('page', '/admin/pages', 'editor');
