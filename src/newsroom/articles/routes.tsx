/**
 * Editor routes for articles (`/admin/articles…`) and static pages (`/admin/pages…`): the list with
 * filters and bulk actions, the editor, status changes, revisions, autosave, the live preview of
 * the body and tag suggestions.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../kernel/jsx.js';
import type { ArticleStatus, ArticleType } from '../../db/schema.js';
import type { Deps } from '../../runtime/deps.js';
import { adminRoute, NO_INPUT, type AdminRoute } from '../registry.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { CsrfField } from '../csrf.js';
import { setFlash } from '../flash.js';
import { forbidden, notFound, renderAdmin, seeOther } from '../views/page.js';
import { renderBody } from '../../content/render-body.js';
import { articlePermalink } from '../../content/permalinks.js';
import { allSections } from '../../content/queries.js';
import { suggestTags } from '../taxonomy/tags.js';
import { EditorStyles } from './styles.js';
import { EditorForm, editorPage, emptyValues, formValues, valuesOf, writerOf, type EditorFields } from './editor-page.js';
import { saveOutcome } from './outcome.js';
import { previewPage } from './preview-page.js';
import { ArticleList } from './list-view.js';
import { RevisionsPage } from './revisions-view.js';
import { ArticleError } from './errors.js';
import { LIST_SORTS, listArticles, statusCounts, type ListSort } from './list.js';
import { zonedTimeToUtc } from '../../content/dates.js';
import { previewLink } from './preview.js';
import { restoreRevision } from './restore.js';
import { autosave, diffRevisions, listRevisions, revisionById } from './revisions.js';
import { canCreate, canEdit } from './rules.js';
import { loadArticle, saveArticle, type LoadedArticle } from './save.js';
import { bulkChangeStatus, changeStatus, type StatusAction } from './status.js';
import { wantsJson } from '../../kernel/http.js';
import { z } from 'zod';
import { form, idParam, many, maybe, one, pageNumber, text } from '../../kernel/input.js';

const ById = z.object({ id: idParam });
const ByRevision = z.object({ id: idParam, rid: idParam });
const STATUS_ACTIONS = ['publish', 'unpublish', 'trash', 'restore'] as const satisfies readonly StatusAction[];
/** The list's bulk form: the action chosen and the rows ticked (up to a page of them and more). */
const BulkForm = form({ action: z.enum(STATUS_ACTIONS), ids: many(1_000, 20) });
const StatusForm = form({ action: z.enum(STATUS_ACTIONS) });
const RenderForm = form({ body: maybe(900_000), body_format: maybe(20) });
const RevisionsQuery = z.object({ from: text(20), to: text(20) });
const TagsQuery = z.object({ q: text(200) });
const Editor = { body: EditorForm };
const EditorById = { body: EditorForm, params: ById };
const toIds = (v: string[]) =>
  v
    .filter((s) => /^\d{1,15}$/.test(s))
    .map(Number)
    .filter((n) => n > 0);
/** The list's filters: short strings, a page number up to 10,000 (see ../../kernel/input.ts). */
const ListQuery = z.object({
  status: text(20),
  page: pageNumber(10_000),
  section: text(20),
  author: text(20),
  q: text(200),
  from: text(10),
  to: text(10),
  sort: text(20),
  dir: text(4),
});

/** Midnight starting the day `YYYY-MM-DD` (plus `plusDays`) in `tz`; undefined for anything else. */
function dayStart(v: string | undefined, tz: string, plusDays = 0): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v ?? '');
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays));
  if (Number.isNaN(d.getTime())) return undefined;
  return zonedTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, tz);
}

/** The flash after a save: what it did in words, and a link to the story or its preview. */
async function sayWhatHappened(
  ctx: NewsroomContext,
  reply: FastifyReply,
  before: { status: ArticleStatus; published_at: number | null } | null,
  id: number,
  type: ArticleType,
  o: { corrected?: boolean } = {},
): Promise<void> {
  const deps: Deps = ctx.deps;
  const tz = (await deps.settings.all())['site.timezone'];
  const after = await deps.kysely.selectFrom('articles').select(['type', 'slug', 'status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const now = deps.clock.now();
  const out = saveOutcome(before, after, now, tz, type === 'page' ? 'page' : 'story');
  const text = out.text + (o.corrected ? ' The correction is under the story.' : '');
  const link =
    out.link === 'view' && after.published_at !== null
      ? { href: articlePermalink({ type: after.type, slug: after.slug, published_at: after.published_at }, tz), label: 'View it' }
      : out.link === 'preview'
        ? { href: previewLink(deps, id, now), label: 'Preview' }
        : undefined;
  setFlash(ctx, reply, text, 'ok', link);
}

/** Routes for one kind of content under `base`. */
function contentRoutes(type: ArticleType, base: string, role: 'contributor' | 'editor'): AdminRoute[] {
  const save = async (ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, id: number | null, body: EditorFields) => {
    const writer = writerOf(req);
    const values = formValues(body);
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
      await sayWhatHappened(ctx, reply, before ? { status: before.article.status, published_at: before.article.published_at } : null, saved, type, {
        corrected: values.correction.trim() !== '',
      });
      return seeOther(reply, `${base}/${saved}`);
    } catch (err) {
      if (!(err instanceof ArticleError)) throw err;
      if (wantsJson(req))
        return reply.code(err.statusCode).header('x-gazette-error', err.code).send({ code: err.code, message: err.message, errors: err.fields });
      if (err.code === 'GAZ_ERR_ARTICLE_NOT_FOUND') return notFound(ctx, req, reply);
      return editorPage(ctx, req, reply, type, base, { l: before, values, error: err });
    }
  };

  const load = async (ctx: NewsroomContext, id: number) => {
    const l = await loadArticle(ctx.deps.kysely, id);
    return l && l.article.type === type ? l : null;
  };

  return [
    adminRoute('GET', base, role, { query: ListQuery }, async (ctx, req, reply, { query: q }) => {
      const statuses = ['all', 'draft', 'pending', 'scheduled', 'published', 'trash'];
      const status = statuses.includes(q.status) ? (q.status as ArticleStatus | 'all') : 'all';
      const page = q.page;
      const num = (v?: string) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
      const db = ctx.deps.kysely;
      const settings = await ctx.deps.settings.all();
      const tz = settings['site.timezone'];
      const sort = (LIST_SORTS as readonly string[]).includes(q.sort ?? '') ? (q.sort as ListSort) : 'updated';
      const [{ rows, more }, counts, sections, authors] = await Promise.all([
        listArticles(db, {
          type,
          status,
          sectionId: num(q.section),
          authorId: num(q.author),
          q: q.q,
          from: dayStart(q.from, tz),
          to: dayStart(q.to, tz, 1),
          sort: sort,
          dir: q.dir === 'asc' || q.dir === 'desc' ? q.dir : undefined,
          page,
          perPage: 30,
        }),
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
              filter={{
                status,
                section: q.section ?? '',
                author: q.author ?? '',
                q: q.q ?? '',
                from: dayStart(q.from, tz) === undefined ? '' : (q.from ?? ''),
                to: dayStart(q.to, tz) === undefined ? '' : (q.to ?? ''),
                sort: sort === 'updated' ? '' : sort,
                dir: q.dir === 'asc' || q.dir === 'desc' ? q.dir : '',
              }}
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

    adminRoute('POST', `${base}/bulk`, role, { body: BulkForm }, async (ctx, req, reply, { body }) => {
      const action = body.action;
      const r = await bulkChangeStatus(ctx.deps, writerOf(req), type, toIds(body.ids), action);
      if (wantsJson(req)) return reply.send(r);
      const noun = (n: number) => `${n} ${type === 'page' ? 'page' : 'article'}${n === 1 ? '' : 's'}`;
      const verb = { publish: 'Published', unpublish: 'Unpublished', trash: 'Moved to the trash:', restore: 'Restored' }[action];
      const done = r.done ? `${verb} ${noun(r.done)}.` : 'Nothing changed.';
      const refused = r.refused ? ` ${noun(r.refused)} could not be: your role does not allow it, or an image needs alt text.` : '';
      setFlash(ctx, reply, done + refused, r.refused || !r.done ? 'error' : 'ok');
      return seeOther(reply, base + (action === 'restore' ? '?status=trash' : ''));
    }),

    // The unsaved story in the site's own article template (the editor's Preview button).
    adminRoute('POST', `${base}/preview`, role, Editor, async (ctx, req, reply, { body }) => previewPage(ctx, req, reply, type, formValues(body))),

    adminRoute('GET', `${base}/new`, role, NO_INPUT, async (ctx, req, reply) => {
      const writer = writerOf(req);
      if (!canCreate(writer, type)) return forbidden(ctx, req, reply);
      return editorPage(ctx, req, reply, type, base, { l: null, values: emptyValues(type, writer.id) });
    }),

    adminRoute('POST', `${base}/new`, role, Editor, async (ctx, req, reply, { body }) => save(ctx, req, reply, null, body)),

    // The first autosave of a new article creates it as a draft, so later ones have an id.
    adminRoute('POST', `${base}/new/autosave`, role, Editor, async (ctx, req, reply, { body }) => {
      const values = formValues(body);
      if (!values.headline) return reply.code(204).send();
      try {
        const id = await saveArticle(ctx.deps, writerOf(req), type, null, { ...values, status: 'draft', publishAt: '' });
        return reply.code(201).send({ id, url: `${base}/${id}`, autosave: `${base}/${id}/autosave`, savedAt: ctx.deps.clock.now() });
      } catch (err) {
        if (!(err instanceof ArticleError)) throw err;
        return reply.code(err.statusCode).header('x-gazette-error', err.code).send({ code: err.code, message: err.message, errors: err.fields });
      }
    }),

    adminRoute('GET', `${base}/:id`, role, { params: ById }, async (ctx, req, reply, { params }) => {
      const l = await load(ctx, params.id);
      if (!l) return notFound(ctx, req, reply);
      if (!canEdit(writerOf(req), { type, status: l.article.status, authorIds: l.authorIds })) return forbidden(ctx, req, reply);
      const tz = (await ctx.deps.settings.all())['site.timezone'];
      return editorPage(ctx, req, reply, type, base, { l, values: await valuesOf(ctx, l, tz) });
    }),

    adminRoute('POST', `${base}/:id`, role, EditorById, async (ctx, req, reply, { body, params }) => save(ctx, req, reply, params.id, body)),

    adminRoute('POST', `${base}/:id/autosave`, role, EditorById, async (ctx, req, reply, { body, params }) => {
      const l = await load(ctx, params.id);
      if (!l) return reply.code(404).send({ code: 'GAZ_ERR_ARTICLE_NOT_FOUND' });
      const writer = writerOf(req);
      if (!canEdit(writer, { type, status: l.article.status, authorIds: l.authorIds })) return reply.code(403).send({ code: 'GAZ_ERR_ARTICLE_FORBIDDEN' });
      const v = formValues(body);
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

    adminRoute('POST', `${base}/:id/status`, role, { body: StatusForm, params: ById }, async (ctx, req, reply, { body, params }) => {
      const id = params.id;
      const action = body.action;
      const was = await ctx.deps.kysely.selectFrom('articles').select(['status', 'published_at']).where('id', '=', id).executeTakeFirst();
      const before = was ? { status: was.status, published_at: was.published_at } : null;
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
      if (action === 'publish' || action === 'unpublish') await sayWhatHappened(ctx, reply, before, id, type);
      else setFlash(ctx, reply, action === 'trash' ? 'Moved to the trash.' : 'Restored from the trash.');
      return seeOther(reply, action === 'trash' ? `${base}?status=trash` : `${base}/${id}`);
    }),

    adminRoute('GET', `${base}/:id/revisions`, role, { params: ById, query: RevisionsQuery }, async (ctx, req, reply, { params, query: q }) => {
      const l = await load(ctx, params.id);
      if (!l) return notFound(ctx, req, reply);
      if (!canEdit(writerOf(req), { type, status: l.article.status, authorIds: l.authorIds })) return forbidden(ctx, req, reply);
      const db = ctx.deps.kysely;
      const revisions = await listRevisions(db, l.article.id);
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

    adminRoute('POST', `${base}/:id/revisions/:rid/restore`, role, { body: form({}), params: ByRevision }, async (ctx, req, reply, { params }) => {
      const { id, rid } = params;
      if (!(await revisionById(ctx.deps.kysely, id, rid))) return notFound(ctx, req, reply);
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
  // The body as readers get it, through the site's renderer and sanitiser (the editor's tests and
  // any client that wants to check its output).
  adminRoute('POST', '/admin/articles/render', 'contributor', { body: RenderForm }, async (_ctx, _req, reply, { body }) => {
    const text = body.body ?? '';
    return reply.send({ html: renderBody(text.slice(0, 500_000), body.body_format === 'markdown' ? 'markdown' : 'html') });
  }),
  adminRoute('GET', '/admin/tags.json', 'contributor', { query: TagsQuery }, async (ctx, _req, reply, { query }) => {
    return reply.send({ tags: await suggestTags(ctx.deps.kysely, query.q) });
  }),
];

export const articleRoutes: AdminRoute[] = [...editorHelpers, ...contentRoutes('article', '/admin/articles', 'contributor')];
export const pageRoutes: AdminRoute[] = contentRoutes('page', '/admin/pages', 'editor');
