/**
 * The one shape of every error Gazette raises on purpose, for its three audiences: a stable `code`
 * for calling code and tests (`GAZ_ERR_COMMENT_RATE_LIMITED`), an HTTP `statusCode` (read by
 * Fastify's error handling too), and a `message` for the person. The codes, their statuses and
 * messages are one catalogue (./error-catalogue.ts); features raise them through small subclasses.
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

/** A configuration problem; its message is the one line printed before exiting. */
export class ConfigError extends GazetteError<'GAZ_ERR_CONFIG'> {
  constructor(message: string) {
    super('GAZ_ERR_CONFIG', 500, message);
  }
}
