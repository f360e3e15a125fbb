/**
 * Words as SQLite's FTS5 reads them: the tokens its tokenizer makes of a text (folded, stemmed as
 * the index holds them), and a word that reads as a given token, so a query can name an index term
 * (content/search.ts, for prefixes read as the index's words).
 */
import SQLite from 'better-sqlite3';

/** Each configuration's tokenizer: an FTS5 table in a private in-memory database, given a word or two at a time. */
const tokenizers = new Map<string, (text: string) => string[]>();

/**
 * The tokens SQLite's FTS5 makes of `text` under configuration `config` (a searchConfigFor
 * value): case and accents folded, and stemmed when the configuration stems, as the index holds them.
 */
export function fts5Tokens(config: string, text: string): string[] {
  let tokenize = tokenizers.get(config);
  if (!tokenize) {
    const db = new SQLite(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize='${config.replaceAll("'", "''")}')`);
    db.exec(`CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)`);
    const add = db.prepare('INSERT INTO t(rowid, x) VALUES (1, ?)');
    const read = db.prepare('SELECT term FROM v ORDER BY "offset"').pluck();
    const clear = db.prepare('DELETE FROM t');
    tokenize = (s) => {
      add.run(s);
      try {
        return read.all() as string[];
      } finally {
        clear.run();
      }
    };
    tokenizers.set(config, tokenize);
  }
  return tokenize(text);
}

/**
 * Endings tried, in order, to find a word FTS5 turns into a given token: a query's words are
 * stemmed like the index's, and a stem is not always its own stem (porter makes "concede" and
 * "conceded" "conced", and "conced" itself "conc").
 */
const ENDINGS = [
  '',
  'e',
  's',
  'ed',
  'ing',
  'es',
  'er',
  'al',
  'ion',
  'ation',
  'ment',
  'ness',
  'ive',
  'ize',
  'ity',
  'ous',
  'ful',
  'ic',
  'ate',
  'ent',
  'ant',
  'ence',
  'ance',
  'able',
  'ism',
];
const surfaces = new Map<string, string | null>();

/**
 * A word that FTS5 reads as exactly `token` under `config` (so a query can ask for an index term
 * by name), or null when none of the usual endings gives one.
 */
export function fts5WordFor(config: string, token: string): string | null {
  const key = `${config}\u0000${token}`;
  let found = surfaces.get(key);
  if (found !== undefined) return found;
  found = null;
  const tries = ENDINGS.map((e) => token + e);
  if (token.endsWith('i')) tries.push(`${token.slice(0, -1)}y`);
  for (const word of tries) {
    const t = fts5Tokens(config, word);
    if (t.length === 1 && t[0] === token) {
      found = word;
      break;
    }
  }
  if (surfaces.size >= 50_000) surfaces.clear();
  surfaces.set(key, found);
  return found;
}
