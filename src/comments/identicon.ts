/**
 * Avatars drawn locally: a symmetric 5×5 identicon from a keyed hash of the comment (not the email,
 * which would make the avatar an oracle for guessed addresses).
 * No Gravatar, no request to anyone, and the key cannot be turned back into the address.
 */
import { createHash } from 'node:crypto';

/** An SVG identicon for `key` (the keyed hash shown in the page, never the email). */
export function identiconSvg(key: string): string {
  const d = createHash('sha256').update(key).digest();
  const hue = Math.round((d[0] / 255) * 360);
  const fg = `hsl(${hue} 55% 45%)`;
  const bg = `hsl(${hue} 40% 92%)`;
  let rects = '';
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 3; x++) {
      if ((d[1 + y * 3 + x] & 1) === 0) continue;
      rects += `<rect x="${x + 1}" y="${y + 1}" width="1" height="1"/>`;
      if (x < 2) rects += `<rect x="${5 - x}" y="${y + 1}" width="1" height="1"/>`;
    }
  }
  // In the dark scheme the same hue, dimmed: a pale pastel disc glares on a dark page. An SVG shown
  // as an image follows the page's colour scheme, so one file serves both.
  const dark = `@media (prefers-color-scheme:dark){.b{fill:hsl(${hue} 22% 22%)}.f{fill:hsl(${hue} 45% 62%)}}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 7" width="40" height="40" shape-rendering="crispEdges"><style>${dark}</style><rect class="b" width="7" height="7" fill="${bg}"/><g class="f" fill="${fg}">${rects}</g></svg>`;
}
