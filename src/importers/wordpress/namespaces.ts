/**
 * The XML namespaces of a WordPress export. Real files spell them with http or https, and the
 * `wp` namespace URI carries the WXR version (1.0, 1.1, 1.2).
 */

/** Short names for the namespaces we read; elements of any other namespace are ignored. */
export type WxrPrefix = '' | 'wp' | 'content' | 'excerpt' | 'wfw' | 'dc' | 'other';

export const WXR_VERSIONS = ['1.0', '1.1', '1.2'] as const;
export type WxrVersion = (typeof WXR_VERSIONS)[number];

const WP_EXPORT = /^https?:\/\/wordpress\.org\/export\/([^/]+)\/(excerpt\/)?$/;

const FIXED: Record<string, WxrPrefix> = {
  'purl.org/rss/1.0/modules/content/': 'content',
  'wellformedweb.org/CommentAPI/': 'wfw',
  'purl.org/dc/elements/1.1/': 'dc',
};

export interface NamespaceInfo {
  prefix: WxrPrefix;
  /** For the `wp` and `excerpt` namespaces: the version in the URI. */
  version?: string;
}

/** Classifies a namespace URI (`''` for elements in no namespace, as RSS's own are). */
export function classifyNamespace(uri: string): NamespaceInfo {
  if (uri === '') return { prefix: '' };
  const wp = WP_EXPORT.exec(uri);
  if (wp) return { prefix: wp[2] ? 'excerpt' : 'wp', version: wp[1] };
  const fixed = FIXED[uri.replace(/^https?:\/\//, '')];
  return { prefix: fixed ?? 'other' };
}

export function isKnownVersion(v: string): v is WxrVersion {
  return (WXR_VERSIONS as readonly string[]).includes(v);
}
