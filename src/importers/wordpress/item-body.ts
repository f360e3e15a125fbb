/**
 * A post's body as Gazette stores it: sanitised HTML, its plain text (search, snippets) and the
 * excerpt. Sanitising is the dearest step of an import after parsing, so the reader's worker
 * (wxr-worker.ts) does it beside the parse; this file stays small so the worker loads little.
 */
import { oembedTitles } from '../../content/embeds.js';
import { plainText, renderBody, truncateWords } from '../../content/render-body.js';

export interface RenderedBody {
  html: string;
  text: string;
  excerpt: string;
}

/**
 * Sanitises `content` once; the plain text is read from the sanitised HTML. The item's meta names
 * its embeds (WordPress's oEmbed cache).
 */
export function renderItemBody(content: string, excerpt: string, meta: ReadonlyArray<{ key: string; value: string }> = []): RenderedBody {
  const html = renderBody(content, 'html', oembedTitles(meta));
  const text = plainText(html);
  return { html, text, excerpt: excerpt.trim() ? plainText(excerpt) : truncateWords(text, 280) };
}

/** Whether an item of this `wp:post_type` becomes an article or page (and so needs its body). */
export const isContentType = (postType: string): boolean => postType === '' || postType === 'post' || postType === 'page';
