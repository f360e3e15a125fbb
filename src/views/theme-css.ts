/**
 * The theme stylesheet: the accent colour setting as CSS variables, then the newsroom's own
 * `DATA_DIR/theme/style.css`. The CSP allows no inline styles, so settings that change the look are
 * served as a small file whose URL carries a hash of its content (`/assets/theme-3f9a1c2b7d.css`)
 * and is cached for a year.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SiteContext } from '../runtime/site-context.js';
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

const built = new Map<string, { url: string; body: string }>();

/** The current theme stylesheet and its fingerprinted URL, for a given accent setting. */
export function themeCss(accent: string): { url: string; body: string } {
  const key = accent + '\0' + themeFiles.css;
  let t = built.get(key);
  if (!t) {
    const body = themeStylesheet(accent, themeFiles.css);
    t = { url: `/assets/theme-${createHash('sha256').update(body).digest('hex').slice(0, 10)}.css`, body };
    if (built.size > 32) built.clear();
    built.set(key, t);
  }
  return t;
}

/**
 * Loads the theme (once, before the server is ready) and serves the theme stylesheet. A URL whose
 * hash is not the current one (a page cached before the accent changed) gets the current CSS,
 * revalidated rather than kept for a year.
 */
export function registerThemeCss(app: FastifyInstance, ctx: SiteContext): void {
  app.register(async () => {
    await loadTheme(ctx.deps.config.dataDir);
  });
  app.get<{ Params: { hash: string } }>('/assets/theme-:hash.css', async (req, reply) => {
    const settings = await ctx.deps.settings.all();
    const current = themeCss(settings['site.accent']);
    const fresh = current.url === `/assets/theme-${req.params.hash}.css`;
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', fresh ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff');
    return current.body;
  });
}
