/**
 * The one shape of every error Gazette raises on purpose, for its three audiences: a stable `code`
 * for calling code and tests (`GAZ_ERR_COMMENT_RATE_LIMITED`), an HTTP `statusCode` (read by
 * Fastify's error handling too), and a `message` for the person. Each feature keeps its catalogue
 * of codes beside its code (comments/errors.ts, api/errors.ts, newsroom/…); `errors.test.ts`
 * checks that no two catalogues claim the same code.
 */

/** One catalogue entry: the status a code answers with and what the person is told. */
export interface ErrorSpec {
  status: number;
  message: string;
}

export class GazetteError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The HTTP status, by its shorter name. */
  get status(): number {
    return this.statusCode;
  }
}
