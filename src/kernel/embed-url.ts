/**
 * Which provider an embed URL belongs to: a pasted or inserted link becomes an embed in the editor
 * only when it is one WordPress would embed, and its figure carries WordPress's classes
 * (`is-type-video is-provider-youtube wp-block-embed-youtube`) so the site's embed renderer
 * (content/embeds.ts) draws it as it draws imported ones. The same table says which player a
 * reader's click may load (`embedPlayer`): a privacy-enhanced one where the provider has it.
 *
 * Pure (no DOM, no Node APIs): bundled into the editor and usable on the server.
 */

export interface EmbedProvider {
  /** WordPress's provider slug, as in `is-provider-…`. */
  slug: string;
  /** The provider's name as readers know it. */
  name: string;
  /** WordPress's embed type: what the provider's player shows. */
  type: 'video' | 'rich' | 'photo' | 'audio';
  hosts: RegExp;
  /** A path that is one item (a video, a post), not the provider's home page. */
  path: RegExp;
  /** The player loaded in a frame when the reader asks (null: the provider has none without its script). */
  player?: (u: URL) => string | null;
}

const enc = encodeURIComponent;
/** The last path segment matching `re`, or null. */
const seg = (u: URL, re: RegExp) => re.exec(u.pathname)?.[1] ?? null;
/** Builds a player address only from an id that is plainly an id (no `/`, `?` or `#` to smuggle). */
const withId = (id: string | null, make: (id: string) => string) => (id && /^[\w-]+$/.test(id) ? make(id) : null);

function youtubePlayer(u: URL): string | null {
  const id = u.hostname.endsWith('youtu.be') ? seg(u, /^\/([\w-]+)/) : (u.searchParams.get('v') ?? seg(u, /^\/(?:shorts|live|embed)\/([\w-]+)/));
  const start = /^(\d+)s?$/.exec(u.searchParams.get('t') ?? u.searchParams.get('start') ?? '')?.[1];
  // youtube-nocookie.com: YouTube's privacy-enhanced mode sets no cookie until the video plays.
  return withId(id, (v) => `https://www.youtube-nocookie.com/embed/${v}${start ? `?start=${start}` : ''}`);
}

export const EMBED_PROVIDERS: EmbedProvider[] = [
  {
    slug: 'youtube',
    name: 'YouTube',
    type: 'video',
    hosts: /^(?:www\.|m\.)?(?:youtube\.com|youtu\.be|youtube-nocookie\.com)$/,
    path: /^\/(?:watch|shorts\/|live\/|embed\/|[\w-]{6,})/,
    player: youtubePlayer,
  },
  {
    slug: 'vimeo',
    name: 'Vimeo',
    type: 'video',
    hosts: /^(?:www\.|player\.)?vimeo\.com$/,
    path: /\/\d+/,
    // dnt=1: Vimeo's player without tracking cookies.
    player: (u) => withId(seg(u, /\/(\d+)(?:\/|$)/), (id) => `https://player.vimeo.com/video/${id}?dnt=1`),
  },
  {
    slug: 'twitter',
    name: 'X (Twitter)',
    type: 'rich',
    hosts: /^(?:www\.|mobile\.)?(?:twitter|x)\.com$/,
    path: /^\/\w+\/status(?:es)?\/\d+/,
    player: (u) => withId(seg(u, /\/status(?:es)?\/(\d+)/), (id) => `https://platform.twitter.com/embed/Tweet.html?id=${id}&dnt=true`),
  },
  {
    slug: 'instagram',
    name: 'Instagram',
    type: 'rich',
    hosts: /^(?:www\.)?instagram\.com$/,
    path: /^\/(?:[\w.]+\/)?(?:p|reel|tv)\/[\w-]+/,
    player: (u) => withId(seg(u, /\/(?:p|reel|tv)\/([\w-]+)/), (id) => `https://www.instagram.com/p/${id}/embed/`),
  },
  {
    slug: 'facebook',
    name: 'Facebook',
    type: 'rich',
    hosts: /^(?:www\.|m\.)?facebook\.com$/,
    path: /\/(?:posts|videos|photos|permalink\.php|watch)/,
    player: (u) => `https://www.facebook.com/plugins/${/\/videos\/|\/watch/.test(u.pathname) ? 'video' : 'post'}.php?href=${enc(u.href)}`,
  },
  {
    slug: 'tiktok',
    name: 'TikTok',
    type: 'video',
    hosts: /^(?:www\.)?tiktok\.com$/,
    path: /^\/@[\w.-]+\/video\/\d+/,
    player: (u) => withId(seg(u, /\/video\/(\d+)/), (id) => `https://www.tiktok.com/embed/v2/${id}`),
  },
  {
    slug: 'spotify',
    name: 'Spotify',
    type: 'rich',
    hosts: /^open\.spotify\.com$/,
    path: /^\/(?:track|album|playlist|episode|show|artist)\/\w+/,
    player: (u) => {
      const m = /^\/(track|album|playlist|episode|show|artist)\/(\w+)/.exec(u.pathname);
      return m ? `https://open.spotify.com/embed/${m[1]}/${m[2]}` : null;
    },
  },
  {
    slug: 'soundcloud',
    name: 'SoundCloud',
    type: 'rich',
    hosts: /^(?:www\.|m\.)?soundcloud\.com$/,
    path: /^\/[\w-]+\/[\w-]+/,
    player: (u) => `https://w.soundcloud.com/player/?url=${enc(`https://soundcloud.com${u.pathname}`)}`,
  },
  // Flickr, WordPress.tv and Tumblr draw their embeds with their own script: readers get the link.
  { slug: 'flickr', name: 'Flickr', type: 'photo', hosts: /^(?:www\.)?(?:flickr\.com|flic\.kr)$/, path: /^\/(?:photos\/|p\/)/ },
  { slug: 'wordpress-tv', name: 'WordPress.tv', type: 'video', hosts: /^(?:www\.)?wordpress\.tv$/, path: /^\/\d{4}\/\d{2}\/\d{2}\/[\w-]+/ },
  {
    slug: 'dailymotion',
    name: 'Dailymotion',
    type: 'video',
    hosts: /^(?:www\.)?(?:dailymotion\.com|dai\.ly)$/,
    path: /^\/(?:video\/)?\w+/,
    player: (u) => withId(seg(u, /^\/(?:video\/)?(\w+)/), (id) => `https://www.dailymotion.com/embed/video/${id}`),
  },
  {
    slug: 'ted',
    name: 'TED',
    type: 'video',
    hosts: /^(?:www\.|embed\.)?ted\.com$/,
    path: /^\/talks\/\w+/,
    player: (u) => withId(seg(u, /^\/talks\/([\w-]+)/), (id) => `https://embed.ted.com/talks/${id}`),
  },
  {
    slug: 'reddit',
    name: 'Reddit',
    type: 'rich',
    hosts: /^(?:www\.|old\.)?reddit\.com$/,
    path: /^\/r\/\w+\/comments\/\w+/,
    player: (u) => {
      const m = /^\/r\/(\w+)\/comments\/(\w+)/.exec(u.pathname);
      return m ? `https://embed.reddit.com/r/${m[1]}/comments/${m[2]}/?embed=true` : null;
    },
  },
  { slug: 'tumblr', name: 'Tumblr', type: 'rich', hosts: /^(?:[\w-]+\.)?tumblr\.com$/, path: /\/(?:post\/)?\d+/ },
  {
    slug: 'mixcloud',
    name: 'Mixcloud',
    type: 'rich',
    hosts: /^(?:www\.)?mixcloud\.com$/,
    path: /^\/[\w-]+\/[\w-]+/,
    player: (u) => `https://player-widget.mixcloud.com/widget/iframe/?feed=${enc(u.pathname)}`,
  },
];

/** Where the players above live: the article pages' `frame-src`, so a reader's click may load one. */
export const EMBED_FRAME_SOURCES = [
  'https://www.youtube-nocookie.com',
  'https://player.vimeo.com',
  'https://platform.twitter.com',
  'https://www.instagram.com',
  'https://www.facebook.com',
  'https://www.tiktok.com',
  'https://open.spotify.com',
  'https://w.soundcloud.com',
  'https://www.dailymotion.com',
  'https://embed.ted.com',
  'https://embed.reddit.com',
  'https://player-widget.mixcloud.com',
];

/** The provider of `url`, or null when it is not an embeddable item (or not an https/http URL). */
export function recogniseEmbed(url: string): EmbedProvider | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.username || u.password) return null;
  const host = u.hostname.toLowerCase();
  return EMBED_PROVIDERS.find((p) => p.hosts.test(host) && p.path.test(u.pathname)) ?? null;
}

/** The classes of an embed's `<figure>`, as WordPress writes them. */
export function embedFigureClass(url: string): string {
  const p = recogniseEmbed(url);
  if (!p) return 'wp-block-embed';
  return `wp-block-embed is-type-${p.type} is-provider-${p.slug} wp-block-embed-${p.slug}`;
}

/** The player a reader's click loads for `url`, or null when the provider has none (readers follow the link). */
export function embedPlayer(url: string): string | null {
  const p = recogniseEmbed(url);
  if (!p?.player) return null;
  const player = p.player(new URL(url.trim()));
  // Only ever one of the frame sources the pages allow.
  return player && EMBED_FRAME_SOURCES.some((o) => player.startsWith(o + '/')) ? player : null;
}
