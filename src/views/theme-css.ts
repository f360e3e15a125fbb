/**
 * The page's one stylesheet: the site's CSS (public/style.css, and public/listing.css on pages of
 * many stories), then the accent colour setting as CSS variables, then the newsroom's own
 * `DATA_DIR/theme/style.css`. The CSP allows no inline styles, so settings that change the look are
 * served as a file whose URL carries a hash of its content (`/assets/theme-13f9a1c2b7d.css`, the
 * first digit saying whether listing.css is in it) and is cached for a year.
 *
 * One file, not three: each render-blocking stylesheet is a request a phone on a slow network waits
 * for before it paints anything (Lighthouse counted two or three on every page).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SiteContext } from '../runtime/site-context.js';
import { buildEntry, securityHeaders, type PageEntry } from '../runtime/page-entry.js';
import { sendEntry } from '../runtime/respond.js';
import type { Assets } from '../runtime/assets.js';
import { loadTheme, themeFiles } from './theme.js';

type Rgb = [number, number, number];

const hex = (c: string): Rgb => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16)) as Rgb;
const toHex = (rgb: Rgb) => '#' + rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

/** WCAG relative luminance. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(hex(a)), luminance(hex(b))].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The accent as close to the chosen colour as text on `background` allows: mixed toward black (on
 * light paper) or white (on dark) in small steps until the contrast reaches 4.5:1, so any colour a
 * newsroom picks stays readable for links and kickers in both schemes.
 */
export function readableAccent(accent: string, background: string): string {
  const toward: Rgb = luminance(hex(background)) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  const from = hex(accent);
  for (let t = 0; t <= 1; t += 0.05) {
    const mixed = toHex(from.map((v, i) => v + (toward[i] - v) * t) as Rgb);
    if (contrast(mixed, background) >= 4.5) return mixed;
  }
  return toHex(toward);
}

/** Text colour on an accent-filled button. */
const onAccent = (accent: string) => (contrast(accent, '#ffffff') >= 4.5 ? '#ffffff' : '#111111');

/** Backgrounds accent text sits on (the tinted boxes, darker than the page in light, lighter in dark). */
export const PAPER = { light: '#f2f0ea', dark: '#1f1e1c' };

/** The stylesheet for an accent colour and the theme's own CSS. */
export function themeStylesheet(accent: string, custom: string): string {
  const light = readableAccent(accent, PAPER.light);
  const dark = readableAccent(accent, PAPER.dark);
  return (
    `:root{--accent:${light};--on-accent:${onAccent(light)}}\n` +
    `@media (prefers-color-scheme:dark){:root{--accent:${dark};--on-accent:${onAccent(dark)}}}\n` +
    (custom ? `/* DATA_DIR/theme/style.css */\n${custom}\n` : '')
  );
}

/** The site's own CSS, read from the assets at boot (see {@link registerThemeCss}). */
const base = { style: '', listing: '' };

const built = new Map<string, { url: string; body: string }>();

/** The current stylesheet of a page (`listing`: a page of many stories) and its fingerprinted URL. */
export function themeCss(accent: string, listing = false): { url: string; body: string } {
  const key = accent + '\0' + (listing ? 1 : 0) + themeFiles.css;
  let t = built.get(key);
  if (!t) {
    const body = base.style + '\n' + (listing ? base.listing + '\n' : '') + themeStylesheet(accent, themeFiles.css);
    t = { url: `/assets/theme-${listing ? 1 : 0}${createHash('sha256').update(body).digest('hex').slice(0, 10)}.css`, body };
    if (built.size > 32) built.clear();
    built.set(key, t);
  }
  return t;
}

/** The site's CSS, from the fingerprinted assets (minified at build time). */
export function useBaseSheets(assets: Assets): void {
  base.style = assets.text('style.css') ?? '';
  base.listing = assets.text('listing.css') ?? '';
  built.clear();
}

/**
 * Loads the theme (once, before the server is ready) and serves the page stylesheets, compressed
 * like every asset. A URL whose hash is not the current one (a page cached before the accent
 * changed) gets the current CSS, revalidated rather than kept for a year.
 */
export function registerThemeCss(app: FastifyInstance, ctx: SiteContext): void {
  useBaseSheets(ctx.assets);
  app.register(async () => {
    await loadTheme(ctx.deps.config.dataDir);
    built.clear();
  });
  const security = securityHeaders(ctx.deps.config.publicUrl.startsWith('https:'));
  const entries = new Map<string, Promise<PageEntry>>();
  app.get<{ Params: { hash: string } }>('/assets/theme-:hash.css', async (req, reply) => {
    const settings = await ctx.deps.settings.all();
    const current = themeCss(settings['site.accent'], req.params.hash.startsWith('1'));
    const fresh = current.url === `/assets/theme-${req.params.hash}.css`;
    const key = (fresh ? 'fresh ' : 'stale ') + current.url;
    let entry = entries.get(key);
    if (!entry) {
      if (entries.size > 16) entries.clear();
      entry = buildEntry(
        {
          status: 200,
          contentType: 'text/css; charset=utf-8',
          body: current.body,
          tags: [],
          cacheControl: fresh ? 'public, max-age=31536000, immutable' : 'no-cache',
          route: 'asset',
        },
        security,
        'both',
      );
      entries.set(key, entry);
    }
    const ready = await entry;
    reply.hijack();
    sendEntry(req.raw, reply.raw, ready);
  });
}
