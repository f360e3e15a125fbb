/**
 * The log: one JSON object a line where a machine reads it (a file, journald, a container's
 * collector), and short readable lines on a terminal. Either way nothing secret reaches it: values
 * under secret-sounding keys are hidden, and in every string the signature or token of a signed
 * link (`?sig=`, `?token=`, `&moderation-hash=`) and the password of a URL are replaced, so a
 * moderation mail logged without SMTP still says what it is about without handing out its links.
 */
import pino from 'pino';

const HIDDEN = '[hidden]';

/** Keys whose values are secrets wherever they appear. */
const SECRET_KEY = /^(?:password|pass|passwd|secret|token|sig|signature|cookie|set-cookie|authorization|api[-_]?key|smtp_?url|database_?url|redis_?url)$/i;

/** Hides link signatures, tokens and URL passwords in text. */
export function scrub(text: string): string {
  return text
    .replace(/([?&;](?:sig|signature|token|key|secret|password|moderation-hash|exp)=)[^&\s"'<>)]+/gi, `$1${HIDDEN}`)
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*):[^/\s@]+@/gi, `$1$2:${HIDDEN}@`);
}

function scrubValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return scrub(v);
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  // Errors as pino's serializer writes them (their fields are not enumerable), text scrubbed.
  if (v instanceof Error) return { type: v.name, message: scrub(v.message), stack: scrub(v.stack ?? ''), ...(scrubValue({ ...v }, depth + 1) as object) };
  if (Array.isArray(v)) return v.map((x) => scrubValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEY.test(k) ? HIDDEN : scrubValue(x, depth + 1);
  return out;
}

const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '\x1b[90m'],
  20: ['DEBUG', '\x1b[36m'],
  30: ['INFO ', '\x1b[32m'],
  40: ['WARN ', '\x1b[33m'],
  50: ['ERROR', '\x1b[31m'],
  60: ['FATAL', '\x1b[35m'],
};

const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err']);

/** One JSON log line as a person reads it: time, level, message, then the details. */
export function prettyLine(line: string, colour: boolean): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : line + '\n';
  }
  const [name, tint] = LEVELS[Number(o.level)] ?? ['LOG  ', ''];
  const time = new Date(Number(o.time) || Date.now()).toISOString().slice(11, 19);
  const paint = (s: string, c: string) => (colour && c ? `${c}${s}\x1b[0m` : s);
  let out = `${paint(time, '\x1b[90m')} ${paint(name, tint)} ${String(o.msg ?? '')}`;
  const long: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (OMIT.has(k) || v === undefined) continue;
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    if (typeof v === 'string' && (s.includes('\n') || s.length > 80)) long.push(`  ${k}:\n${s.replace(/^/gm, '    ')}`);
    else out += ` ${paint(k, '\x1b[90m')}=${typeof v === 'string' && /\s/.test(s) ? JSON.stringify(s) : s}`;
  }
  const err = o.err as { type?: string; message?: string; stack?: string } | undefined;
  if (err) long.push(`  ${err.stack ?? `${err.type ?? 'Error'}: ${err.message ?? ''}`}`.replace(/\n/g, '\n  '));
  return out + '\n' + (long.length ? long.join('\n') + '\n' : '');
}

export interface LoggerOptions {
  /** Where lines go (stdout by default). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Readable lines instead of JSON; by default when the stream is a terminal. */
  pretty?: boolean;
}

/** The process's logger. */
export function createLogger(level: string, o: LoggerOptions = {}): pino.Logger {
  const stream = o.stream ?? process.stdout;
  const pretty = o.pretty ?? Boolean(stream.isTTY);
  const colour = pretty && Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const options: pino.LoggerOptions = {
    level,
    formatters: { log: (obj) => scrubValue(obj, 0) as Record<string, unknown> },
    // The formatter above has already written errors out (scrubbed); pino's own serializer would
    // take them for plain objects.
    serializers: { err: (e: unknown) => e },
    hooks: {
      logMethod(args, method) {
        return method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  if (!pretty) return pino(options, stream as pino.DestinationStream);
  return pino(options, { write: (line: string) => void stream.write(prettyLine(line, colour)) });
}
