/**
 * What the learned spam filter looks at: the words of a comment, its writer's name, the hosts of
 * its links and website, and the domain of the email address. Each token counts once per comment.
 */

/** The fields a comment is judged by. */
export interface SpamDocument {
  author: string;
  url: string;
  body: string;
  email?: string;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;
const LINK = /\b(?:https?:\/\/|www\.)([^\s/<>"'?#:]+)/gi;
const MAX_TOKENS = 300;

function words(text: string, prefix: string, into: Set<string>): void {
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    const w = m[0];
    if (w.length >= 2 && w.length <= 30) into.add(prefix + w);
  }
}

/** `host:www.shop.example.com` and `domain:example.com` (the last two labels). */
function host(h: string, into: Set<string>): void {
  const name = h
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  if (!name) return;
  into.add('host:' + name);
  into.add('domain:' + name.split('.').slice(-2).join('.'));
}

/** The distinct tokens of a comment. */
export function tokenize(doc: SpamDocument): string[] {
  const out = new Set<string>();
  words(doc.body, '', out);
  for (const m of doc.body.matchAll(LINK)) host(m[1], out);
  words(doc.author, 'name:', out);
  if (doc.url) {
    try {
      host(new URL(doc.url).hostname, out);
      out.add('has:url');
    } catch {
      out.add('url:malformed');
    }
  }
  const at = doc.email?.lastIndexOf('@') ?? -1;
  if (doc.email && at > 0) out.add('email:' + doc.email.slice(at + 1).toLowerCase());
  return [...out].slice(0, MAX_TOKENS);
}
