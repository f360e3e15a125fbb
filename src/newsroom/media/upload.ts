/**
 * Reading a `multipart/form-data` upload in the media routes' scope. The text fields land on
 * `req.body` (so the CSRF field is checked as for any form); the one file is read into memory up
 * to 20 MB and kept beside the request. A larger file is cut off by the parser and marked, so the
 * route can answer with its own code rather than a parser error.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { MAX_UPLOAD_BYTES } from '../../media/process.js';

export interface Upload {
  filename: string;
  data: Buffer;
  /** The file went past the size limit and was cut off. */
  truncated: boolean;
}

const uploads = new WeakMap<FastifyRequest, Upload>();

/** Adds the multipart parser to the media routes' scope. */
export function addMultipart(scope: FastifyInstance): void {
  if (scope.hasContentTypeParser('multipart/form-data')) return;
  void scope.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 24 },
    async onFile(part) {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      uploads.set(this, { filename: part.filename ?? '', data: Buffer.concat(chunks), truncated: part.file.truncated });
    },
  });
}

/** The request's uploaded file, if it carried one. */
export function uploadOf(req: FastifyRequest): Upload | undefined {
  return uploads.get(req);
}
