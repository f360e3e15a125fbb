/**
 * `/admin/media`: the library (browse, search, upload), one image's page (alt text, caption,
 * usage, delete) and a small JSON list for the editor's image picker.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { h, Fragment } from '../../kernel/jsx.js';
import { form, idParam, maybe, one, pageNumber, text } from '../../kernel/input.js';
import { adminRoute, type AdminModule } from '../registry.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { can } from '../access.js';
import { CsrfField } from '../csrf.js';
import { setFlash } from '../flash.js';
import { forbidden, notFound, renderAdmin, seeOther } from '../views/page.js';
import { EditorStyles } from '../articles/styles.js';
import { MediaError } from '../../media/errors.js';
import { deleteMedia, listMedia, mediaById, mediaUsage, storeUpload, updateMediaText } from './library.js';
import { addMultipart, uploadOf } from './upload.js';
import { MediaDetail, MediaLibrary, thumbnailUrl } from './views.js';
import { canChangeMedia } from './rules.js';
import type { Media } from '../../db/schema.js';
import { wantsJson } from '../../kernel/http.js';

const PER_PAGE = 48;

// What the library's pages and forms send (see ../../kernel/input.ts).
const ById = z.object({ id: idParam });
const LibraryQuery = z.object({ q: text(200), page: pageNumber(10_000) });
type Library = z.output<typeof LibraryQuery>;
/** The upload: the file (read by the multipart parser, ./upload.ts) and, from a script, its alt text and caption. */
const UploadForm = form({ file: z.unknown().optional(), alt: maybe(5_000), caption: maybe(10_000) });
const TextForm = form({ alt: one(5_000), caption: one(10_000) });
const DeleteForm = form({ force: maybe(10) });

/** What the picker and the upload answer in JSON. */
export function mediaJson(m: Media) {
  return {
    id: m.id,
    name: m.name,
    alt: m.alt,
    caption: m.caption,
    width: m.width,
    height: m.height,
    url: '/' + m.path,
    thumbnail: thumbnailUrl(m),
    srcset: webpSrcset(m),
  };
}

/** The WebP sizes as a `srcset`, for images put into a story's text (every browser reads WebP). */
function webpSrcset(m: Media): string {
  try {
    return (JSON.parse(m.variants) as { width: number; format: string; path: string }[])
      .filter((v) => v.format === 'webp')
      .map((v) => `/${v.path.replace(/^\/+/, '')} ${v.width}w`)
      .join(', ');
  } catch {
    return '';
  }
}

async function libraryPage(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, q: Library, error?: MediaError) {
  const page = q.page;
  const { items, more } = await listMedia(ctx.deps.kysely, { q: q.q || undefined, page, perPage: PER_PAGE });
  return renderAdmin(ctx, req, reply, {
    title: 'Media',
    current: 'media',
    status: error?.statusCode,
    code: error?.code,
    body: (
      <Fragment>
        <EditorStyles ctx={ctx} />
        <MediaLibrary
          items={items}
          q={q.q}
          page={page}
          more={more}
          csrf={<CsrfField ctx={ctx} req={req} />}
          error={error?.message}
          canUpload={can(signedIn(req).user.role, 'upload_files')}
        />
      </Fragment>
    ),
  });
}

async function detailPage(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, m: Media, error?: MediaError) {
  const me = signedIn(req).user;
  return renderAdmin(ctx, req, reply, {
    title: m.name || 'Image',
    current: 'media',
    status: error?.statusCode,
    code: error?.code,
    body: (
      <Fragment>
        <EditorStyles ctx={ctx} />
        {error ? (
          <p class="flash flash-error" role="alert">
            {error.message}
          </p>
        ) : null}
        <MediaDetail media={m} usage={await mediaUsage(ctx.deps.kysely, m)} csrf={<CsrfField ctx={ctx} req={req} />} canDelete={mayDelete(me, m)} />
      </Fragment>
    ),
  });
}

/** Authors change and delete what they uploaded; editors anything. */
const mayDelete = canChangeMedia;

export const mediaModule: AdminModule = {
  name: 'media',
  setup: (scope) => addMultipart(scope),
  routes: [
    adminRoute('GET', '/admin/media', 'author', { query: LibraryQuery }, async (ctx, req, reply, { query }) => libraryPage(ctx, req, reply, query)),

    adminRoute('POST', '/admin/media', 'author', { body: UploadForm }, async (ctx, req, reply, { body }) => {
      const up = uploadOf(req);
      try {
        if (!up?.data.length) throw new MediaError('GAZ_ERR_MEDIA_MISSING');
        if (up.truncated) throw new MediaError('GAZ_ERR_MEDIA_TOO_LARGE');
        const m = await storeUpload(ctx.deps, { data: up.data, filename: up.filename, userId: signedIn(req).user.id });
        const alt = (body.alt ?? '').trim();
        if (alt) await updateMediaText(ctx.deps, m.id, { alt, caption: (body.caption ?? '').trim() });
        if (wantsJson(req)) return reply.code(201).send(mediaJson({ ...m, alt: alt || m.alt }));
        setFlash(ctx, reply, 'Uploaded. Add alt text so it can be used in published articles.');
        return seeOther(reply, `/admin/media/${m.id}`);
      } catch (err) {
        if (!(err instanceof MediaError)) throw err;
        if (wantsJson(req)) return reply.code(err.statusCode).header('x-gazette-error', err.code).send({ code: err.code, message: err.message });
        return libraryPage(ctx, req, reply, { q: '', page: 1 }, err);
      }
    }),

    adminRoute('GET', '/admin/media.json', 'contributor', { query: LibraryQuery }, async (ctx, _req, reply, { query: q }) => {
      const { items, more } = await listMedia(ctx.deps.kysely, { q: q.q || undefined, page: q.page, perPage: 24 });
      return reply.send({ items: items.map(mediaJson), more });
    }),

    adminRoute('GET', '/admin/media/:id', 'author', { params: ById }, async (ctx, req, reply, { params }) => {
      const m = await mediaById(ctx.deps.kysely, params.id);
      if (!m) return notFound(ctx, req, reply);
      return detailPage(ctx, req, reply, m);
    }),

    adminRoute('POST', '/admin/media/:id', 'author', { body: TextForm, params: ById }, async (ctx, req, reply, { body, params }) => {
      const m = await mediaById(ctx.deps.kysely, params.id);
      if (!m) return notFound(ctx, req, reply);
      if (!canChangeMedia(signedIn(req).user, m)) return forbidden(ctx, req, reply);
      await updateMediaText(ctx.deps, m.id, { alt: body.alt.trim(), caption: body.caption.trim() });
      setFlash(ctx, reply, 'Saved.');
      return seeOther(reply, `/admin/media/${m.id}`);
    }),

    adminRoute('POST', '/admin/media/:id/delete', 'author', { body: DeleteForm, params: ById }, async (ctx, req, reply, { body, params }) => {
      const m = await mediaById(ctx.deps.kysely, params.id);
      if (!m) return notFound(ctx, req, reply);
      if (!mayDelete(signedIn(req).user, m)) return forbidden(ctx, req, reply);
      try {
        await deleteMedia(ctx.deps, m.id, body.force === '1');
      } catch (err) {
        if (!(err instanceof MediaError)) throw err;
        if (wantsJson(req)) return reply.code(err.statusCode).header('x-gazette-error', err.code).send({ code: err.code, message: err.message });
        return detailPage(ctx, req, reply, m, err);
      }
      if (wantsJson(req)) return reply.code(204).send();
      setFlash(ctx, reply, 'Image deleted.');
      return seeOther(reply, '/admin/media');
    }),
  ],
};
