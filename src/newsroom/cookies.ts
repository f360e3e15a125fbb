/**
 * Reading and writing cookies without a plugin: the newsroom sets three (session, pre-session CSRF
 * seed, flash) and reads them on every admin request.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The request's cookies by name (first value wins, as browsers send the most specific first). */
export function readCookies(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const header = req.headers.cookie;
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed value is treated as absent.
    }
  }
  return out;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie; absent: a browser-session cookie. */
  maxAge?: number;
  path?: string;
  secure: boolean;
  httpOnly?: boolean;
}

/** Adds a Set-Cookie header (SameSite=Lax, HttpOnly unless told otherwise). */
export function setCookie(reply: FastifyReply, name: string, value: string, o: CookieOptions): void {
  let c = `${name}=${encodeURIComponent(value)}; Path=${o.path ?? '/admin'}; SameSite=Lax`;
  if (o.httpOnly !== false) c += '; HttpOnly';
  if (o.secure) c += '; Secure';
  if (o.maxAge !== undefined) c += `; Max-Age=${o.maxAge}`;
  reply.header('set-cookie', c);
}
