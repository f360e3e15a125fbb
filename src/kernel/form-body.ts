/**
 * `application/x-www-form-urlencoded` bodies for one Fastify scope, parsed with node's
 * URLSearchParams. Each feature that takes forms registers it in its own encapsulated scope, so it
 * replaces whatever parser the scope inherited there and nowhere else.
 */
import type { FastifyInstance } from 'fastify';

const TYPE = 'application/x-www-form-urlencoded';

export interface FormParserOptions {
  /** Largest body accepted (Fastify answers 413 above it); Fastify's default when absent. */
  bodyLimit?: number;
  /**
   * A name sent more than once: `list` makes its values an array (checkbox lists), `last` keeps
   * the last one (forms whose fields are all single, so every value is a string).
   */
  repeated: 'list' | 'last';
}

export function addFormParser(scope: FastifyInstance, o: FormParserOptions): void {
  if (scope.hasContentTypeParser(TYPE)) scope.removeContentTypeParser(TYPE);
  scope.addContentTypeParser(TYPE, { parseAs: 'string', bodyLimit: o.bodyLimit }, (_req, text, done) => {
    const params = new URLSearchParams(text as string);
    if (o.repeated === 'last') return done(null, Object.fromEntries(params));
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of params) {
      const prev = out[k];
      if (prev === undefined) out[k] = v;
      else if (Array.isArray(prev)) prev.push(v);
      else out[k] = [prev, v];
    }
    done(null, out);
  });
}
