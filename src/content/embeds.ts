/**
 * Embeds without third parties. A video, post or track from another site is stored as WordPress
 * stores it (the figure the story editor writes, newsroom/editor/nodes.ts, and the import keeps):
 *
 *   <figure class="wp-block-embed …"><div class="wp-block-embed__wrapper">URL</div></figure>
 *
 * Readers get a placeholder instead: the provider, the caption or address, and a plain link that
 * works with JavaScript off. Nothing is asked of the provider until the reader clicks the "Load"
 * button public/embeds.js adds, which puts in the provider's privacy-enhanced player
 * (kernel/embed-url.ts) from `data-embed-player`.
 *
 * `embedsToFigures` runs before sanitising, on WordPress bodies: what WordPress itself turned into
 * a player (a URL alone on its line, `[embed]URL[/embed]`, an `<iframe>`) becomes the same figure.
 * `embedPlaceholders` runs after sanitising and writes every figure's placeholder, escaped.
 */
import { embedFigureClass, embedPlayer, recogniseEmbed } from '../kernel/embed-url.js';
import { escapeHtml } from '../kernel/jsx.js';

/** An http(s) address, or null. */
function httpUrl(text: string): URL | null {
  try {
    const u = new URL(text.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

/** The figure the story editor writes for `url` (the URL escaped: it is text here). */
function figureFor(url: string): string {
  return `<figure class="${embedFigureClass(url)}"><div class="wp-block-embed__wrapper">${escapeHtml(url)}</div></figure>`;
}

const decode = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e] ?? _m);

/**
 * WordPress's own embeds as figures: a URL of a known provider alone on its line (WordPress's
 * auto-embed), `[embed]URL[/embed]`, and every `<iframe>` (a known player back to its item's
 * address; any other frame becomes a link to it). Text inside `<pre>` and embed figures is left as it is.
 */
export function embedsToFigures(html: string): string {
  if (!/https?:\/\/|<iframe/i.test(html)) return html;
  return html
    .split(/(<pre\b[\s\S]*?<\/pre>|<figure\b[^>]*\bwp-block-embed\b[\s\S]*?<\/figure>)/i)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part
        .replace(/\[embed(?:\s[^\]]*)?\]\s*(https?:\/\/[^\s<>"[\]]+)\s*\[\/embed\]/gi, (_m, url: string) => figureFor(decode(url)))
        .replace(/<iframe\b([^>]*)>[\s\S]*?<\/iframe>|<iframe\b([^>]*)\/?>/gi, (_m, a1?: string, a2?: string) => {
          const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(a1 ?? a2 ?? '');
          const url = httpUrl(decode(src?.[1] ?? src?.[2] ?? src?.[3] ?? '').replace(/^\/\//, 'https://'));
          return url ? figureFor(url.href) : '';
        })
        .replace(/^([ \t]*)(https?:\/\/[^\s<>"]+)[ \t]*$/gm, (m, _sp: string, url: string) => (recogniseEmbed(decode(url)) ? figureFor(decode(url)) : m));
    })
    .join('');
}

/** Titles of embeds by their player's address without its query (see `oembedTitles`). */
export type EmbedTitles = Map<string, string>;

const playerKey = (player: string) => player.replace(/[?#].*$/, '');

/**
 * What WordPress's oEmbed cache (`_oembed_…` post meta, the provider's own HTML) says each embed
 * is called: an `<iframe title=… src=…>` of a known player gives that player's title.
 */
export function oembedTitles(meta: ReadonlyArray<{ key: string; value: string }>): EmbedTitles | undefined {
  let titles: EmbedTitles | undefined;
  for (const { key, value } of meta) {
    if (!key.startsWith('_oembed_') || key.startsWith('_oembed_time_')) continue;
    const frame = /<iframe\b[^>]*>/i.exec(value)?.[0];
    const title = frame && /\stitle="([^"]{1,300})"/i.exec(frame)?.[1];
    const src = frame && /\ssrc="([^"]+)"/i.exec(frame)?.[1];
    const player = src ? embedPlayer(decode(src)) : null;
    if (title && player) (titles ??= new Map()).set(playerKey(player), decode(title).trim());
  }
  return titles;
}

const TYPE_WORD: Record<string, string> = { video: 'video', rich: 'post', photo: 'photo', audio: 'audio' };
/** Providers of sound, which WordPress calls `rich` like a post. */
const AUDIO = new Set(['spotify', 'soundcloud', 'mixcloud']);

/**
 * Every sanitised embed figure as a placeholder. The figure keeps WordPress's classes (the
 * stylesheet and the editor know them) and gains `data-embed-player` when a click may load one.
 */
export function embedPlaceholders(html: string, titles?: EmbedTitles): string {
  if (!html.includes('wp-block-embed')) return html;
  return html.replace(/<figure class="(wp-block-embed\b[^"]*)">([\s\S]*?)<\/figure>/g, (whole, cls: string, inner: string) => {
    const wrapper = /<div class="wp-block-embed__wrapper">([\s\S]*?)<\/div>/.exec(inner);
    if (!wrapper) return whole;
    // The wrapper holds the address as text (or a link to it, when something linkified it).
    const href = /<a href="([^"]*)"/.exec(wrapper[1])?.[1];
    const url = httpUrl(decode(href ?? wrapper[1].replace(/<[^>]*>/g, '')));
    const caption = /<figcaption[^>]*>[\s\S]*?<\/figcaption>/.exec(inner)?.[0] ?? '';
    if (!url) return caption ? `<figure class="${cls}">${caption}</figure>` : '';
    const provider = recogniseEmbed(url.href);
    const player = embedPlayer(url.href);
    const kind = provider
      ? `${provider.name} ${AUDIO.has(provider.slug) ? 'audio' : TYPE_WORD[provider.type]}`
      : `Embedded content from ${url.hostname.replace(/^www\./, '')}`;
    const from = provider?.name ?? url.hostname;
    const title = player ? titles?.get(playerKey(player)) : undefined;
    const classes = provider ? embedFigureClass(url.href) : 'wp-block-embed';
    const attrs = player ? ` data-embed-player="${escapeHtml(player)}" data-embed-from="${escapeHtml(from)}"` : '';
    return (
      `<figure class="${classes} embed-placeholder"${attrs}>` +
      `<div class="wp-block-embed__wrapper"><p class="embed-kind">${escapeHtml(kind)}</p>` +
      `<p class="embed-link"><a href="${escapeHtml(url.href)}" rel="external noopener">${escapeHtml(title || displayUrl(url))}</a></p>` +
      `</div>${caption}</figure>`
    );
  });
}

/** The address as a reader reads it: no scheme, no `www.`, cut when long. */
function displayUrl(u: URL): string {
  // URL has percent-encoded any control character already.
  const text = u.hostname.replace(/^www\./, '') + u.pathname.replace(/\/$/, '') + u.search;
  return text.length > 70 ? text.slice(0, 69) + '…' : text;
}
