/**
 * A comment's text to HTML: paragraphs, auto-linked URLs and WordPress's small allowlist of inline
 * tags. Anything else a commenter types is shown as text, never interpreted.
 */
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../kernel/jsx.js';

const INLINE = ['a', 'abbr', 'b', 'blockquote', 'cite', 'code', 'del', 'em', 'i', 'q', 's', 'strong'];
const REL = 'nofollow ugc noopener';

const options: sanitizeHtml.IOptions = {
  allowedTags: INLINE,
  // `rel` is allowed only so the transform's value survives: whatever the commenter typed there is replaced.
  allowedAttributes: { a: ['href', 'title', 'rel'], abbr: ['title'], blockquote: ['cite'], q: ['cite'], del: ['datetime'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'cite'],
  allowProtocolRelative: false,
  // Disallowed tags are shown as the text the commenter typed.
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: REL } }),
  },
};

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Links bare URLs in text nodes (never inside a tag or an existing link). */
function autolink(html: string): string {
  let depth = 0;
  return html
    .split(/(<[^>]+>)/g)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<a\b/i.test(part)) depth++;
        else if (/^<\/a>/i.test(part)) depth = Math.max(0, depth - 1);
        return part;
      }
      if (depth) return part;
      return part.replace(URL_RE, (url) => {
        // The text is already escaped; the href must be built from the unescaped URL.
        const href = url.replace(/&amp;/g, '&');
        return `<a href="${escapeHtml(href)}" rel="${REL}">${url}</a>`;
      });
    })
    .join('');
}

/** Renders a comment body to safe HTML. */
export function renderCommentBody(text: string): string {
  const clean = sanitizeHtml(text.replace(/\r\n?/g, '\n').trim(), options);
  const linked = autolink(clean);
  return linked
    .split(/\n{2,}/)
    .map((p) => '<p>' + p.replace(/\n/g, '<br>') + '</p>')
    .join('');
}
