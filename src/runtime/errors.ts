/**
 * The one error handler: whatever a route throws (a GazetteError of the catalogue, input its schema
 * refused, a body Fastify could not parse, a bug) becomes one clear answer with the catalogue's code
 * in the `x-gazette-error` header: JSON `{ error: { code, message } }` for clients that ask for JSON
 * (and the API; input a schema refused adds `fields`, each field at fault), a sentence of text otherwise. Only a 500 is logged, as an error, and counted.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pino from 'pino';
import { GazetteError } from '../kernel/errors.js';
import { ERROR_HEADER, ERRORS, isErrorCode, type ErrorCode } from '../kernel/error-catalogue.js';
import { wantsJson } from '../kernel/http.js';
import { InputError, type FieldErrors } from '../kernel/input.js';

export interface ErrorAnswer {
  status: number;
  code: ErrorCode;
  message: string;
  /** For input a schema refused: each field at fault. */
  fields?: FieldErrors;
}

/** What `err` answers with. Fastify's own errors (bad JSON, too large, wrong type) map onto catalogue codes. */
export function errorAnswer(err: unknown): ErrorAnswer {
  if (err instanceof InputError) return { status: err.statusCode, code: err.code, message: err.message, fields: err.fields };
  if (err instanceof GazetteError && isErrorCode(err.code)) return { status: err.statusCode, code: err.code, message: err.message };
  const status = typeof (err as { statusCode?: unknown })?.statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
  const of = (code: ErrorCode): ErrorAnswer => ({ status: ERRORS[code].status, code, message: ERRORS[code].message });
  if (status === 413) return of('GAZ_ERR_BODY_TOO_LARGE');
  if (status === 415) return of('GAZ_ERR_UNSUPPORTED_TYPE');
  if (status === 405) return of('GAZ_ERR_NOT_ALLOWED');
  if (status === 404) return of('GAZ_ERR_NOT_FOUND');
  if (status === 503) return of('GAZ_ERR_DATABASE_UNAVAILABLE');
  if (status >= 400 && status < 500) return { ...of('GAZ_ERR_INVALID_INPUT'), status };
  return of('GAZ_ERR_INTERNAL');
}

/** Answers `err` on `reply` (see the file's comment). */
export function sendError(log: pino.Logger, req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const a = errorAnswer(err);
  if (a.status >= 500) log.error({ err, url: req.url }, 'request failed');
  reply.code(a.status).header(ERROR_HEADER, a.code).header('cache-control', 'no-store');
  if (wantsJson(req) || req.url.startsWith('/api/'))
    return reply.type('application/json; charset=utf-8').send({ error: { code: a.code, message: a.message, ...(a.fields ? { fields: a.fields } : {}) } });
  return reply.type('text/plain; charset=utf-8').send(a.message);
}
