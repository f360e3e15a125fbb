/**
 * Which provider an embed URL belongs to, for the editor: a pasted or inserted link becomes an
 * embed only when it is one WordPress would embed, and its figure carries WordPress's classes
 * (`is-type-video is-provider-youtube wp-block-embed-youtube`) so the site's embed renderer
 * recognises it as it recognises imported ones.
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
}

export const EMBED_PROVIDERS: EmbedProvider[] = [
  {
    slug: 'youtube',
    name: 'YouTube',
    type: 'video',
    hosts: /^(?:www\.|m\.)?(?:youtube\.com|youtu\.be)$/,
    path: /^\/(?:watch|shorts\/|live\/|embed\/|[\w-]{6,})/,
  },
  { slug: 'vimeo', name: 'Vimeo', type: 'video', hosts: /^(?:www\.|player\.)?vimeo\.com$/, path: /\/\d+/ },
  { slug: 'twitter', name: 'X (Twitter)', type: 'rich', hosts: /^(?:www\.|mobile\.)?(?:twitter|x)\.com$/, path: /^\/\w+\/status(?:es)?\/\d+/ },
  { slug: 'instagram', name: 'Instagram', type: 'rich', hosts: /^(?:www\.)?instagram\.com$/, path: /^\/(?:[\w.]+\/)?(?:p|reel|tv)\/[\w-]+/ },
  { slug: 'facebook', name: 'Facebook', type: 'rich', hosts: /^(?:www\.|m\.)?facebook\.com$/, path: /\/(?:posts|videos|photos|permalink\.php|watch)/ },
  { slug: 'tiktok', name: 'TikTok', type: 'video', hosts: /^(?:www\.)?tiktok\.com$/, path: /^\/@[\w.-]+\/video\/\d+/ },
  { slug: 'spotify', name: 'Spotify', type: 'rich', hosts: /^open\.spotify\.com$/, path: /^\/(?:track|album|playlist|episode|show|artist)\/\w+/ },
  { slug: 'soundcloud', name: 'SoundCloud', type: 'rich', hosts: /^(?:www\.|m\.)?soundcloud\.com$/, path: /^\/[\w-]+\/[\w-]+/ },
  { slug: 'flickr', name: 'Flickr', type: 'photo', hosts: /^(?:www\.)?(?:flickr\.com|flic\.kr)$/, path: /^\/(?:photos\/|p\/)/ },
  { slug: 'wordpress-tv', name: 'WordPress.tv', type: 'video', hosts: /^(?:www\.)?wordpress\.tv$/, path: /^\/\d{4}\/\d{2}\/\d{2}\/[\w-]+/ },
  { slug: 'dailymotion', name: 'Dailymotion', type: 'video', hosts: /^(?:www\.)?(?:dailymotion\.com|dai\.ly)$/, path: /^\/(?:video\/)?\w+/ },
  { slug: 'ted', name: 'TED', type: 'video', hosts: /^(?:www\.|embed\.)?ted\.com$/, path: /^\/talks\/\w+/ },
  { slug: 'reddit', name: 'Reddit', type: 'rich', hosts: /^(?:www\.|old\.)?reddit\.com$/, path: /^\/r\/\w+\/comments\/\w+/ },
  { slug: 'tumblr', name: 'Tumblr', type: 'rich', hosts: /^(?:[\w-]+\.)?tumblr\.com$/, path: /\/(?:post\/)?\d+/ },
  { slug: 'mixcloud', name: 'Mixcloud', type: 'rich', hosts: /^(?:www\.)?mixcloud\.com$/, path: /^\/[\w-]+\/[\w-]+/ },
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
