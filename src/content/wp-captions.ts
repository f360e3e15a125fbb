/**
 * WordPress's `[caption]` shortcode, the way the classic editor stored a captioned image:
 *   [caption id="attachment_6" align="alignright" width="300"]<a href="…"><img src="…" /></a> The quay at dawn[/caption]
 * (older posts put the text in a `caption="…"` attribute instead). Readers should see a figure with
 * its caption, so it becomes `<figure><img …><figcaption>…</figcaption></figure>` before the body
 * is sanitised. Any other shortcode, or a caption without an image, is left as written.
 */

const CAPTION = /\[caption\b([^\]]*)\]([\s\S]*?)\[\/caption\]/gi;
/** The image (possibly inside a link) that opens the shortcode's content, then the caption text. */
const MEDIA_THEN_TEXT = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i;

function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Turns each `[caption]…[/caption]` around an image into a figure with a figcaption. */
export function wpCaptionsToFigures(html: string): string {
  if (!html.includes('[caption') && !html.includes('[CAPTION')) return html;
  return html.replace(CAPTION, (whole, attrs: string, inner: string) => {
    const m = MEDIA_THEN_TEXT.exec(inner);
    if (!m) return whole;
    const text = m[2].trim() || attribute(attrs, 'caption')?.trim() || '';
    const id = attribute(attrs, 'id');
    const open = id && /^[\w-]+$/.test(id) ? `<figure id="${id}">` : '<figure>';
    // Blank lines around it: the figure is a block of its own, never wrapped in a paragraph.
    return `\n\n${open}${m[1]}${text ? `<figcaption>${text}</figcaption>` : ''}</figure>\n\n`;
  });
}
