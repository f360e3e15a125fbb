/**
 * One-shot messages ("3 comments approved.") carried to the next admin page in a signed cookie,
 * so a redirect after a POST can still say what happened. Signed so nobody can plant text in a
 * newsroom page through a cookie.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NewsroomContext } from './context.js';
import { readCookies, setCookie } from './cookies.js';

const COOKIE = 'gz_flash';

export interface Flash {
  text: string;
  kind: 'ok' | 'error';
  /** A link after the text ("Published. View it"): a path of this site only. */
  link?: { href: string; label: string };
}

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update('flash\0').update(payload).digest('base64url').slice(0, 22);
}

/** Shows `text` once on the next admin page this browser loads. */
export function setFlash(ctx: NewsroomContext, reply: FastifyReply, text: string, kind: Flash['kind'] = 'ok', link?: Flash['link']): void {
  const safeLink =
    link && link.href.startsWith('/') && !link.href.startsWith('//') ? { href: link.href.slice(0, 600), label: link.label.slice(0, 60) } : undefined;
  const payload = Buffer.from(JSON.stringify({ text: text.slice(0, 300), kind, link: safeLink })).toString('base64url');
  setCookie(reply, COOKIE, `${payload}.${sign(ctx.deps.secret, payload)}`, { secure: ctx.deps.config.publicUrl.startsWith('https:'), maxAge: 120 });
}

/** The pending message, if any, clearing it. */
export function takeFlash(ctx: NewsroomContext, req: FastifyRequest, reply: FastifyReply): Flash | null {
  const value = readCookies(req)[COOKIE];
  if (!value) return null;
  setCookie(reply, COOKIE, '', { secure: ctx.deps.config.publicUrl.startsWith('https:'), maxAge: 0 });
  const [payload, sig] = value.split('.');
  if (!payload || !sig) return null;
  const expected = Buffer.from(sign(ctx.deps.secret, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const f = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Flash;
    if (typeof f.text !== 'string') return null;
    const link = f.link && typeof f.link.href === 'string' && typeof f.link.label === 'string' ? f.link : undefined;
    return { text: f.text, kind: f.kind === 'error' ? 'error' : 'ok', link };
  } catch {
    return null;
  }
}
