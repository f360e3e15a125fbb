/**
 * Rendering and sending an admin page: the layout around the body, the pending count, the flash.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type Child } from '../../kernel/jsx.js';
import { can } from '../access.js';
import { maybeSignedIn, type NewsroomContext } from '../context.js';
import { csrfToken } from '../csrf.js';
import { takeFlash } from '../flash.js';
import { NEWSROOM_ERRORS, type NewsroomErrorCode } from '../errors.js';
import { AdminLayout, type AdminSection } from './layout.js';

export interface AdminPage {
  title: string;
  current?: AdminSection;
  body: Child;
  status?: number;
  /** Extra scripts from public/ by file name (`editor.js`), after admin.js. */
  scripts?: string[];
  /** A stable error code for the `x-gazette-error` header. */
  code?: string;
}

/** Comments awaiting moderation (the number beside "Comments" on every page). */
export async function pendingCount(ctx: NewsroomContext): Promise<number> {
  const r = await ctx.deps.kysely
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Renders `page` in the admin layout and sends it. */
export async function renderAdmin(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, page: AdminPage): Promise<FastifyReply> {
  const who = maybeSignedIn(req);
  const settings = await ctx.deps.settings.all();
  const pending = who && can(who.user.role, 'moderate_comments') ? await pendingCount(ctx) : 0;
  const html = (
    <AdminLayout
      title={page.title}
      siteTitle={settings['site.title']}
      user={who?.user ?? null}
      pending={pending}
      csrf={csrfToken(ctx, req)}
      flash={takeFlash(ctx, req, reply)}
      current={page.current}
      css={ctx.assets.url('admin.css')}
      scripts={[ctx.assets.url('admin.js'), ...(page.scripts ?? []).map((s) => ctx.assets.url(s))]}
      icon={ctx.assets.url('icon.svg')}
    >
      {page.body}
    </AdminLayout>
  );
  if (page.code) reply.header('x-gazette-error', page.code);
  return reply
    .code(page.status ?? 200)
    .type('text/html; charset=utf-8')
    .send('<!DOCTYPE html>\n' + html.value);
}

/** The error page for a catalogued error (403, 404…), in the admin layout. */
export async function errorPage(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, code: NewsroomErrorCode): Promise<FastifyReply> {
  const e = NEWSROOM_ERRORS[code];
  return renderAdmin(ctx, req, reply, {
    title: e.status === 404 ? 'Not found' : e.status === 403 ? 'Not allowed' : 'Error',
    status: e.status,
    code,
    body: (
      <section class="error-page" data-code={code}>
        <h1>{e.status === 404 ? 'Not found' : e.status === 403 ? 'Not allowed' : 'Something is wrong'}</h1>
        <p>{e.message}</p>
        <p>
          <a href="/admin/">Back to the dashboard</a>
        </p>
      </section>
    ),
  });
}

/** The 403 page. */
export function forbidden(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  return errorPage(ctx, req, reply, 'GAZ_ERR_FORBIDDEN');
}

/** The 404 page. */
export function notFound(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  return errorPage(ctx, req, reply, 'GAZ_ERR_NOT_FOUND');
}

/** 303 See Other: where a successful form post goes. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}
