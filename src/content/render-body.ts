/**
 * Article bodies: Markdown (what the newsroom writes) or HTML (what WordPress exported), both
 * sanitised to one allowlist so nothing a writer or an import brings can run script on a reader.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { wpCaptionsToFigures } from './wp-captions.js';
import { embedPlaceholders, embedsToFigures, type EmbedTitles } from './embeds.js';

const md = new MarkdownIt({ html: true, linkify: true, typographer: true });

/** A path on this site (`/media/…`), not another host's address. */
const isLocal = (url: string | undefined): url is string => url !== undefined && /^\/(?![/\\])/.test(url.trim());

/** The candidates of a `srcset` that are on this site, or '' when none is. */
function localCandidates(srcset: string | undefined): string {
  if (!srcset) return '';
  return srcset
    .split(/,\s+/)
    .map((c) => c.trim())
    .filter((c) => isLocal(c.split(/\s+/)[0]))
    .join(', ');
}

/** An audio or video player plays only a file on this site; one pointing elsewhere keeps no source. */
function localMediaOnly(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { src, poster, ...rest } = attribs;
  return { tagName, attribs: { ...rest, ...(isLocal(src) ? { src } : {}), ...(isLocal(poster) ? { poster } : {}) } };
}

/** WordPress's alignment classes. */
const ALIGN = ['alignwide', 'alignfull', 'aligncenter', 'alignleft', 'alignright'];

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'var',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'a',
    'abbr',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'del',
    'ins',
    'mark',
    'small',
    'sub',
    'sup',
    'q',
    'cite',
    'dfn',
    'time',
    'span',
    'figure',
    'figcaption',
    'img',
    'picture',
    'source',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'details',
    'summary',
    'aside',
    'div',
    'audio',
    'video',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'name', 'id'],
    img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
    source: ['src', 'srcset', 'sizes', 'type', 'media'],
    audio: ['src', 'controls', 'preload', 'loop', 'muted'],
    video: ['src', 'controls', 'preload', 'poster', 'width', 'height', 'loop', 'muted', 'playsinline'],
    time: ['datetime'],
    abbr: ['title'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    ol: ['start', 'reversed'],
    '*': ['id', 'lang', 'dir'],
  },
  // The block markup the story editor writes (and WordPress's block editor wrote before it).
  allowedClasses: {
    figure: [
      'wp-block-image',
      'wp-block-gallery',
      'has-nested-images',
      'columns-*',
      'wp-block-embed',
      'wp-block-embed-*',
      'is-type-*',
      'is-provider-*',
      'wp-block-pullquote',
      'wp-block-audio',
      'wp-block-video',
      'wp-block-table',
      'wp-block-media-text__media',
      'is-style-*',
      'size-*',
      ...ALIGN,
    ],
    div: [
      'wp-block-embed__wrapper',
      'wp-block-columns',
      'wp-block-column',
      'wp-block-group',
      'wp-block-group__inner-container',
      'wp-block-cover',
      'wp-block-cover__inner-container',
      'wp-block-media-text',
      'wp-block-media-text__content',
      'wp-block-buttons',
      'wp-block-button',
      'wp-block-file',
      'wp-block-spacer',
      'wp-block-footnotes',
      'is-layout-*',
      'wp-block-*-is-layout-*',
      'is-vertical',
      'is-not-stacked-on-mobile',
      'is-stacked-on-mobile',
      'has-media-on-the-right',
      'are-vertically-aligned-*',
      'is-vertically-aligned-*',
      'is-content-justification-*',
      'has-background',
      'is-style-*',
      ...ALIGN,
    ],
    p: ['has-text-align-*', 'has-drop-cap', ...ALIGN],
    h2: ['wp-block-heading', 'has-text-align-*'],
    h3: ['wp-block-heading', 'has-text-align-*'],
    h4: ['wp-block-heading', 'has-text-align-*'],
    h5: ['wp-block-heading', 'has-text-align-*'],
    h6: ['wp-block-heading', 'has-text-align-*'],
    blockquote: ['wp-block-quote', 'is-style-*', 'is-layout-*', ...ALIGN],
    hr: ['wp-block-separator', 'is-style-*', 'has-alpha-channel-opacity'],
    a: ['wp-block-button__link', 'wp-element-button', 'wp-block-file__button'],
    pre: ['wp-block-code', 'wp-block-verse', 'wp-block-preformatted'],
    details: ['wp-block-details'],
    ol: ['wp-block-footnotes', 'wp-block-list'],
    ul: ['wp-block-list', 'wp-block-gallery', 'blocks-gallery-grid', 'columns-*', 'wp-block-footnotes'],
    li: ['blocks-gallery-item'],
    img: ['wp-block-cover__image-background', 'wp-image-*'],
    table: ['has-fixed-layout'],
    figcaption: ['wp-element-caption', 'blocks-gallery-caption'],
    small: ['credit'],
    span: ['media-missing', 'wp-block-cover__background', 'has-background-dim', 'has-background-dim-*'],
    code: ['language-*'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    // Images load lazily and never block reading. A reader's browser asks nothing of another
    // host: an image that is not on this site (an upload the import could not bring home) shows
    // its alt text instead of a broken icon.
    img: (tagName, attribs): sanitizeHtml.Tag => {
      if (!isLocal(attribs.src)) return { tagName: 'span', attribs: { class: 'media-missing' }, text: attribs.alt ?? '' };
      const srcset = localCandidates(attribs.srcset);
      const out: sanitizeHtml.Attributes = { loading: 'lazy', decoding: 'async', ...attribs };
      if (srcset) out.srcset = srcset;
      else delete out.srcset;
      return { tagName, attribs: out };
    },
    source: (tagName, attribs): sanitizeHtml.Tag => {
      const { src, srcset, ...rest } = attribs;
      const local = localCandidates(srcset);
      return { tagName, attribs: { ...rest, ...(isLocal(src) ? { src } : {}), ...(local ? { srcset: local } : {}) } };
    },
    audio: localMediaOnly,
    video: localMediaOnly,
    h1: 'h2',
  },
  // A player left without a file on this site would be an empty box.
  // (`frame.tag` is the name before transformTags: an image turned into its alt text is kept.)
  exclusiveFilter: (frame) =>
    (frame.tag === 'img' || frame.tag === 'audio' || frame.tag === 'video') && !frame.attribs.src && frame.attribs.class !== 'media-missing',
};

/**
 * Renders and sanitises a body to HTML safe to print. `embedTitles` names embeds by their player
 * (what WordPress's oEmbed cache knew of an imported story's videos, content/embeds.ts).
 */
export function renderBody(body: string, format: 'markdown' | 'html', embedTitles?: EmbedTitles): string {
  // HTML bodies come from WordPress, whose [caption] shortcode readers should see as a figure, and
  // whose embeds (a URL alone on its line, [embed], iframes) as the embed figure the editor writes.
  const html = format === 'markdown' ? md.render(body) : wpautop(embedsToFigures(wpCaptionsToFigures(body)));
  // Embeds become placeholders after sanitising: they load nothing from the provider on their own.
  return embedPlaceholders(sanitizeHtml(html, ALLOWED), embedTitles);
}

/** The plain text of rendered (already sanitised) HTML, whitespace collapsed: for search, snippets and descriptions. */
export function plainText(html: string): string {
  return decodeEntities(
    html
      // Block boundaries become spaces; inline tags vanish so "<b>Gazette</b>," stays "Gazette,".
      .replace(/<\/(?:p|div|h[1-6]|li|dt|dd|blockquote|pre|figcaption|td|th|tr|table|ul|ol)\s*>|<br\s*\/?>|<hr\s*\/?>/gi, ' ')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

/** The first `max` characters of `text`, cut at a word, with an ellipsis when cut. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const at = cut.lastIndexOf(' ');
  return (at > max * 0.6 ? cut.slice(0, at) : cut.slice(0, max)).replace(/[\s,.;:!?-]+$/, '') + '…';
}

/**
 * WordPress stores paragraphs as blank-line-separated text; wrap them in <p> as WordPress's
 * wpautop does, leaving block-level HTML and block-editor comments alone.
 */
export function wpautop(html: string): string {
  // Preformatted text keeps its blank lines: set it aside while the rest is split into paragraphs.
  const pres: string[] = [];
  const text = html.replace(/\r\n?/g, '\n').replace(/<pre\b[\s\S]*?<\/pre>/gi, (m) => `<pre data-wpautop-kept="${pres.push(m) - 1}"></pre>`);
  const blocks = text.split(/\n\s*\n/);
  const out = blocks
    .map((b) => {
      const t = b.trim();
      if (!t) return '';
      if (/^<(?:\/?(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|figure|table|hr|dl|section|aside|details)\b|!--)/i.test(t)) return t;
      return '<p>' + t.replace(/\n/g, '<br>\n') + '</p>';
    })
    .join('\n');
  return pres.length ? out.replace(/<pre data-wpautop-kept="(\d+)"><\/pre>/g, (_m, i: string) => pres[Number(i)]) : out;
}
