/**
 * The front page desk (`/admin/front`, editors): pick, order and pin the top stories, and put up or
 * take down the breaking-news banner. Every change names the `front` cache tag.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { h, Fragment } from '../../kernel/jsx.js';
import { form, idText, many, maybe, one } from '../../kernel/input.js';
import { adminRoute, NO_INPUT, type AdminRoute } from '../registry.js';
import { signedIn, type NewsroomContext } from '../context.js';
import { CsrfField } from '../csrf.js';
import { setFlash } from '../flash.js';
import { renderAdmin, seeOther } from '../views/page.js';
import { EditorStyles } from '../articles/styles.js';
import { parseLocalInput, toLocalInput } from '../articles/local-time.js';
import { clearBanner, currentBanner, frontPicks, savePicks, showBanner, type Pick } from '../../content/front.js';
import { latestArticles, PUBLIC_ROW } from '../../content/queries.js';
import { FrontDesk } from './views.js';
import { wantsJson } from '../../kernel/http.js';

const HOUR = 3600_000;

// What the desk's forms and its drag-to-order script send (see ../../kernel/input.ts).
const OPS = ['add', 'remove', 'up', 'down', 'lead', 'unlead', 'order'] as const;
const PicksForm = form({ op: z.enum(OPS), article_id: idText.optional(), lead: maybe(10), order: many(200, 20) });
/** Sizes no person types; the banner's own rules (200 characters, an address, a time to come) are said beside each field. */
const BannerForm = form({ text: one(10_000), url: one(10_000), expires_at: one(100) });

async function deskPage(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply, form?: { text: string; url: string; expires: string }, errors = {}) {
  const deps = ctx.deps;
  const db = deps.kysely;
  const now = deps.clock.now();
  const tz = (await deps.settings.all())['site.timezone'];
  const picks = await frontPicks(db);
  const pickIds = picks.map((p) => p.articleId);
  const [rows, candidates, automatic, banner] = await Promise.all([
    pickIds.length
      ? db
          .selectFrom('articles')
          .select(['id', 'headline', 'status', 'published_at', (eb) => eb.and([PUBLIC_ROW, eb('published_at', '<=', now)]).as('visible')])
          .where('id', 'in', pickIds)
          .execute()
      : [],
    db
      .selectFrom('articles')
      .select(['id', 'headline', 'published_at'])
      .where('type', '=', 'article')
      .where('status', 'in', ['published', 'scheduled', 'draft', 'pending'])
      .$if(pickIds.length > 0, (q) => q.where('id', 'not in', pickIds))
      .orderBy('updated_at', 'desc')
      .limit(60)
      .execute(),
    latestArticles(db, now, { limit: 6, excludeIds: pickIds }),
    currentBanner(db, now),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const invalid = Object.keys(errors).length > 0;
  return renderAdmin(ctx, req, reply, {
    title: 'Front page',
    current: 'front',
    status: invalid ? 422 : 200,
    code: invalid ? 'GAZ_ERR_VALIDATION' : undefined,
    scripts: ['front.js'],
    body: (
      <Fragment>
        <EditorStyles ctx={ctx} />
        <FrontDesk
          csrf={<CsrfField ctx={ctx} req={req} />}
          picks={picks
            .filter((p) => byId.has(p.articleId))
            .map((p) => {
              const r = byId.get(p.articleId)!;
              return { id: r.id, headline: r.headline, lead: p.lead, visible: Boolean(r.visible), published_at: r.published_at };
            })}
          candidates={candidates}
          automatic={automatic.items.map((a) => ({ id: a.id, headline: a.headline }))}
          banner={banner}
          bannerForm={form ?? { text: '', url: '', expires: toLocalInput(now + 2 * HOUR, tz) }}
          errors={errors}
          timeZone={tz}
          nowLocal={toLocalInput(now, tz)}
        />
      </Fragment>
    ),
  });
}

/** Applies one desk operation to the picks. */
function applyOp(picks: Pick[], op: (typeof OPS)[number], id: number, lead: boolean, order: number[]): Pick[] {
  const i = picks.findIndex((p) => p.articleId === id);
  const out = [...picks];
  switch (op) {
    case 'add':
      if (i < 0) out.splice(lead ? 0 : out.length, 0, { articleId: id, lead: false });
      return lead ? out.map((p) => ({ ...p, lead: p.articleId === id })) : out;
    case 'remove':
      return out.filter((p) => p.articleId !== id);
    case 'up':
    case 'down': {
      const j = op === 'up' ? i - 1 : i + 1;
      if (i < 0 || j < 0 || j >= out.length) return out;
      [out[i], out[j]] = [out[j], out[i]];
      return out;
    }
    case 'lead':
      return out.map((p) => ({ ...p, lead: p.articleId === id }));
    case 'unlead':
      return out.map((p) => ({ ...p, lead: false }));
    case 'order': {
      // The order dragged in the browser: the picks named, in that order; any not named keep their place after.
      const known = new Map(out.map((p) => [p.articleId, p]));
      const named = order.filter((x) => known.has(x)).map((x) => known.get(x)!);
      return [...named, ...out.filter((p) => !order.includes(p.articleId))];
    }
  }
}

const SAID: Record<(typeof OPS)[number], string> = {
  add: 'Added to the top stories.',
  remove: 'Taken off the top stories.',
  up: 'Moved up.',
  down: 'Moved down.',
  lead: 'Pinned as the lead.',
  unlead: 'The lead is the newest story again.',
  order: 'Order saved.',
};

export const frontRoutes: AdminRoute[] = [
  adminRoute('GET', '/admin/front', 'editor', NO_INPUT, async (ctx, req, reply) => deskPage(ctx, req, reply)),

  adminRoute('POST', '/admin/front/picks', 'editor', { body: PicksForm }, async (ctx, req, reply, { body }) => {
    const op = body.op;
    const id = Number(body.article_id ?? '');
    const order = body.order.filter((v) => /^\d{1,15}$/.test(v)).map(Number);
    await ctx.deps.write(async (trx, stale) => {
      const exists = op !== 'add' || (await trx.selectFrom('articles').select('id').where('id', '=', id).where('type', '=', 'article').executeTakeFirst());
      if (!exists) return;
      await savePicks(trx, applyOp(await frontPicks(trx), op, id, body.lead === '1', order));
      stale('front');
    });
    if (wantsJson(req)) return reply.send({ ok: true });
    setFlash(ctx, reply, SAID[op]);
    return seeOther(reply, '/admin/front');
  }),

  adminRoute('POST', '/admin/front/banner', 'editor', { body: BannerForm }, async (ctx, req, reply, { body }) => {
    const typed = { text: body.text.trim().replace(/\s+/g, ' '), url: body.url.trim(), expires: body.expires_at.trim() };
    const tz = (await ctx.deps.settings.all())['site.timezone'];
    const now = ctx.deps.clock.now();
    const errors: Record<string, string> = {};
    if (!typed.text) errors.text = 'Write what readers should know.';
    else if (typed.text.length > 200) errors.text = 'Keep it under 200 characters.';
    if (typed.url && !/^\/(?!\/)\S*$/.test(typed.url) && !/^https:\/\/[^\s/]+\.[^\s]+$/.test(typed.url))
      errors.url = 'Give a page of this site (starting with /) or an https:// address.';
    const expiresAt = parseLocalInput(typed.expires, tz);
    if (typeof expiresAt !== 'number') errors.expires_at = 'Say until when the banner shows (date and time).';
    else if (expiresAt <= now) errors.expires_at = 'That time has passed; choose one still to come.';
    if (Object.keys(errors).length) return deskPage(ctx, req, reply, typed, errors);
    await ctx.deps.write(async (trx, stale) => {
      await showBanner(trx, { text: typed.text, url: typed.url, expiresAt: expiresAt as number, by: signedIn(req).user.id }, now);
      stale('front');
    });
    setFlash(ctx, reply, 'The banner is on the front page.', 'ok', { href: '/', label: 'See it' });
    return seeOther(reply, '/admin/front');
  }),

  adminRoute('POST', '/admin/front/banner/clear', 'editor', { body: form({}) }, async (ctx, _req, reply) => {
    await ctx.deps.write(async (trx, stale) => {
      await clearBanner(trx, ctx.deps.clock.now());
      stale('front');
    });
    setFlash(ctx, reply, 'The banner is down.');
    return seeOther(reply, '/admin/front');
  }),
];
