/**
 * GET /search: every parameter declared and bounded, the address made canonical (so one search is
 * one cache entry), uncached searches rate limited per client across processes, and the result
 * page cached like any page until a story changes.
 *
 * Refusals are the search page itself with a sentence saying what to change, and what was typed
 * kept in the box: 400 for a parameter out of bounds (a page past the last one kept, a query too
 * long, a malformed date), 429 with Retry-After for too many searches.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { zonedTimeToUtc } from '../content/dates.js';
import { MAX_PAGE, search, type SearchOutcome } from '../content/search.js';
import { MAX_QUERY } from '../content/search-query.js';
import { isDatabaseUnavailable } from '../db/connect.js';
import { searchConfigFor } from '../db/search-index.js';
import { RateLimiter } from '../runtime/rate-limit.js';
import { RETRY_AFTER_SECONDS } from '../runtime/unavailable.js';
import { sendPage, type SiteContext } from '../runtime/site-context.js';
import { page } from '../views/layout.js';
import { siteView } from '../views/site-view.js';
import { HTML, HTML_CACHE } from './pages.js';
import { SearchPage, searchUrl, type SearchForm } from './views/search.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The parameters, each a single string (a repeated parameter is refused). */
const params = z
  .object({
    q: z.string().optional(),
    page: z.string().optional(),
    sort: z.string().optional(),
    section: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  })
  .catchall(z.unknown());

type Refusal = { status: 400; message: string };

function readForm(raw: unknown): { form: SearchForm; refusal?: Refusal } {
  const form: SearchForm = { q: '', sort: 'relevance', section: '', from: '', to: '', page: 1 };
  const parsed = params.safeParse(raw);
  if (!parsed.success) return { form, refusal: { status: 400, message: 'Each search setting may be given once. Search again from the box above.' } };
  const p = parsed.data;
  // Control characters (NUL among them, which PostgreSQL refuses in text) read as spaces.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is being removed
  const q = (p.q ?? '').replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  // Kept whole (escaped) in the box even when refused as too long: nothing typed is lost.
  form.q = q.slice(0, 4000);
  form.section = /^[a-z0-9-]{1,200}$/.test(p.section ?? '') ? (p.section as string) : '';
  form.from = DATE.test(p.from ?? '') ? (p.from as string) : '';
  form.to = DATE.test(p.to ?? '') ? (p.to as string) : '';
  if (p.sort === 'newest') form.sort = 'newest';
  const pageText = p.page ?? '1';
  const pageNo = /^\d{1,9}$/.test(pageText) ? Number(pageText) : Number.NaN;
  form.page = Number.isInteger(pageNo) && pageNo >= 1 ? Math.min(pageNo, MAX_PAGE + 1) : 1;
  if (q.length > MAX_QUERY)
    return {
      form,
      refusal: { status: 400, message: `That search is ${q.length} characters long; searches are read up to ${MAX_QUERY}. Try a few distinctive words.` },
    };
  if (p.sort !== undefined && p.sort !== 'relevance' && p.sort !== 'newest')
    return { form, refusal: { status: 400, message: 'Results sort by relevance or newest first.' } };
  if ((p.from && !form.from) || (p.to && !form.to)) return { form, refusal: { status: 400, message: 'Dates are written like 2024-05-18.' } };
  if (p.section && !form.section) return { form, refusal: { status: 400, message: 'There is no such section.' } };
  if (!Number.isInteger(pageNo) || pageNo < 1) return { form, refusal: { status: 400, message: 'Pages are numbered from 1.' } };
  if (pageNo > MAX_PAGE)
    return {
      form,
      refusal: {
        status: 400,
        message: `Search shows the ${(MAX_PAGE * 10).toLocaleString('en-US')} most recent matches, ranked, on ${MAX_PAGE} pages. Add a word, a section or dates to reach older stories.`,
      },
    };
  return { form };
}

/** A date field as an instant: the start of that day in the site's time zone (`end`: the start of the next day). */
function dayStart(date: string, tz: string, end: boolean): number | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 9999) return undefined;
  return zonedTimeToUtc(y, mo, d + (end ? 1 : 0), 0, 0, tz);
}

/** The client a rate limit counts: its address, keyed, IPv6 by its /64. */
function clientKey(ctx: SiteContext, ip: string): string {
  const v6 = ip.includes(':') && !ip.startsWith('::ffff:');
  return ctx.deps.keyedHash('rate', v6 ? ip.split(':').slice(0, 4).join(':') : ip);
}

export function registerSearchRoute(app: FastifyInstance, ctx: SiteContext): void {
  const { deps } = ctx;
  const limiter = new RateLimiter(deps.db, 'search', { limit: deps.config.searchRateLimit, windowMs: 60_000 }, deps.config.redisUrl);
  app.addHook('onClose', async () => limiter.close());

  app.get('/search', async (req: FastifyRequest, reply: FastifyReply) => {
    const gen = deps.cache.generation;
    const { form, refusal } = readForm(req.query);
    const canonical = searchUrl(form);
    if (!refusal && req.url !== canonical) {
      reply.code(301).header('location', canonical).header('cache-control', 'public, max-age=3600').send();
      return;
    }
    const site = await siteView(deps, ctx.assets);
    const chrome = await deps.chrome.read(site.now);
    const sections = chrome.sectionsByName;
    const render = async (status: number, outcome: SearchOutcome, error?: string, headers: [string, string][] = []) => {
      const body = page(SearchPage({ site, form, sections, ...outcome, error }));
      const cacheable = status === 200;
      await sendPage(
        ctx,
        req,
        reply,
        cacheable ? canonical : null,
        {
          status,
          contentType: HTML,
          body,
          // Any story published, changed or withdrawn marks 'front' stale; the cards' own tags cover the rest.
          tags: ['front', 'sections', ...outcome.results.map((r) => `article:${r.card.id}`)],
          cacheControl: cacheable ? HTML_CACHE : 'no-store',
          route: 'search',
          headers: outcome.results.length ? headers : [['x-robots-tag', 'noindex'], ...headers],
        },
        gen,
      );
    };
    const none: SearchOutcome = { results: [], total: 0, more: false, pages: 0 };
    if (refusal) return render(refusal.status, none, refusal.message);
    if (!form.q) return render(200, none);
    const section = form.section ? sections.find((s) => s.slug === form.section) : undefined;
    if (form.section && !section) return render(400, none, 'There is no such section.');
    const decision = await limiter.take(clientKey(ctx, req.ip), deps.clock.now());
    if (!decision.ok) {
      return render(429, none, `That is a lot of searching in a short time. Try again in ${decision.retryAfter} seconds.`, [
        ['retry-after', String(decision.retryAfter)],
      ]);
    }
    const tz = site.settings['site.timezone'];
    // The query is read with the configuration the index was built with (PostgreSQL's parser; SQLite's tokenizer, for prefixes).
    const cfg = chrome.searchConfig ?? searchConfigFor(deps.db.dialect, 'en');
    let outcome: SearchOutcome;
    try {
      outcome = await search(
        deps.kysely,
        deps.db.dialect,
        { text: form.q, sort: form.sort, page: form.page, sectionId: section?.id, from: dayStart(form.from, tz, false), to: dayStart(form.to, tz, true) },
        site.now,
        cfg,
        chrome.known,
      );
    } catch (err) {
      // The database away: the server's answer for that (the last good page, or 503 and a page
      // to read, server/app.ts).
      if (isDatabaseUnavailable(err)) throw err;
      deps.log.warn({ err }, 'search failed');
      return render(503, none, 'Search is not answering just now. Try again in a moment.', [['retry-after', String(RETRY_AFTER_SECONDS)]]);
    }
    if (form.page > 1 && form.page > outcome.pages) {
      return render(
        400,
        { ...outcome, results: [] },
        `There ${outcome.pages === 1 ? 'is one page' : `are ${outcome.pages} pages`} of results for this search.`,
      );
    }
    return render(200, outcome);
  });
}
