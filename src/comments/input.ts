/**
 * A posted form → a clean {@link CommentInput}: trimmed, line endings unified, control and
 * direction-override characters removed (they can disguise a name or hide text), email lower-cased,
 * a website without a scheme given `https://` as WordPress gives it `http://`.
 */
import { z } from 'zod';
import type { CommentInput } from './moderation/context.js';

export type Fields = Record<string, unknown>;

/** One field as a form or a script sends it: text (a JSON number or true/false is read as its text), '' when absent. */
const value = z
  .union([z.string(), z.number(), z.boolean()])
  .optional()
  .transform((v) => (v === undefined ? '' : String(v)));

/**
 * The fields `POST /comments` reads (DESIGN.md, "Posting a comment"), each one value of text: a
 * list or an object (only JSON can send them) is refused beside its field. Any other field (a
 * form's own hidden ones) is left out. The sizes are the request's (64 KB) and the `length`
 * phase's, which says each one beside its field with its own code.
 */
export const CommentForm = z.object({
  article_id: value,
  parent_id: value,
  author: value,
  email: value,
  url: value,
  comment: value,
  remember: value,
  notify: value,
  hp_website: value,
  form_token: value,
});

// C0 controls except tab and newline, DEL, C1 controls, bidi overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const line = (v: unknown) => text(v).replace(/\s+/g, ' ').replace(CONTROL, '').trim();
const checked = (v: unknown) => ['yes', 'on', '1', 'true'].includes(text(v));

function id(v: unknown): number | null {
  const s = text(v).trim();
  if (!/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

/** A website as typed → what is stored (validated afterwards by the `length` phase). */
export function normalizeWebsite(raw: string): string {
  const url = raw.trim();
  if (!url) return '';
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[^:/]+:\d/.test(url)) return url;
  return 'https://' + url.replace(/^\/+/, '');
}

/** Reads the form's fields (see DESIGN.md, "Posting a comment"). */
export function readCommentForm(f: Fields): CommentInput {
  return {
    articleId: id(f.article_id) ?? 0,
    parentId: id(f.parent_id),
    author: line(f.author),
    email: line(f.email).toLowerCase(),
    url: normalizeWebsite(line(f.url)),
    body: text(f.comment).replace(/\r\n?/g, '\n').replace(CONTROL, '').trim(),
    honeypot: text(f.hp_website),
    token: text(f.form_token).trim(),
    notify: checked(f.notify),
  };
}

/** What the reader typed, to show again beside the errors of a refused post. */
export function typedBack(f: Fields) {
  return {
    author: text(f.author),
    email: text(f.email),
    url: text(f.url),
    comment: text(f.comment),
    remember: checked(f.remember),
    notify: checked(f.notify),
    parent_id: id(f.parent_id) ?? undefined,
  };
}
