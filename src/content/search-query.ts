/**
 * What a reader typed, read as search terms, and the query each database is given for them: never
 * the reader's text as query syntax. FTS5 gets quoted strings; PostgreSQL gets plainto/phraseto/
 * to_tsquery of letters and digits only. Also the words a snippet marks. Searching is search.ts.
 */
import { sql, type RawBuilder } from 'kysely';
import { isEnglishConfig } from '../db/search-index.js';

/** Longest query read (characters); longer ones are refused with a clear message. */
export const MAX_QUERY = 200;
/** Most terms (words, phrases, prefixes) used from one query. */
const MAX_TERMS = 12;
/** Most words in one phrase. */
const MAX_PHRASE_WORDS = 8;
/** A prefix shorter than this matches as a whole word (a one-letter prefix would read the whole index). */
const MIN_PREFIX = 3;
export interface SearchTerm {
  /** `any`: one of `words` (SQLite: a prefix expanded to the index's words, {@link expandPrefixes}). */
  kind: 'word' | 'prefix' | 'phrase' | 'any';
  words: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;

function wordsOf(s: string): string[] {
  return (s.match(WORD) ?? []).map((w) => w.toLowerCase());
}

/**
 * What a reader typed, as terms: "quoted words" are a phrase (an unclosed quote runs to the end),
 * a word ending in * is a prefix, anything else that is not a letter or digit separates words.
 */
export function parseQuery(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  // A term given twice is required once: each one read is 1,000 index entries (the longest query
  // a reader may send repeats five words eight times).
  const seen = new Set<string>();
  const push = (t: SearchTerm) => {
    const key = `${t.kind}:${t.words.join(' ')}`;
    if (!seen.has(key)) terms.push(t);
    seen.add(key);
  };
  const s = text.normalize('NFKC').slice(0, MAX_QUERY);
  const re = /"([^"]*)"?|([^\s"]+)/g;
  for (let m = re.exec(s); m && terms.length < MAX_TERMS; m = re.exec(s)) {
    if (m[1] !== undefined) {
      const words = wordsOf(m[1]).slice(0, MAX_PHRASE_WORDS);
      if (words.length === 1) push({ kind: 'word', words });
      else if (words.length) push({ kind: 'phrase', words });
      continue;
    }
    const chunk = m[2];
    const words = wordsOf(chunk);
    if (!words.length) continue;
    const prefix = chunk.endsWith('*');
    words.forEach((w, i) => {
      const last = i === words.length - 1;
      push({ kind: prefix && last && w.length >= MIN_PREFIX ? 'prefix' : 'word', words: [w] });
    });
  }
  return terms.slice(0, MAX_TERMS);
}

/**
 * The words PostgreSQL's `english` configuration leaves out of every query (its stop list, which is
 * Snowball's). SQLite's FTS5 has no stop list, so "the harbour this year" required "the" and "this"
 * on SQLite and not on PostgreSQL, and the same query found different stories on the two. Both
 * leave them out now ({@link withoutStopWords}), before matching and before marking snippets (a
 * word no database matched is not marked); as on PostgreSQL, a query of these words alone finds
 * nothing. Phrases keep every word.
 */
const ENGLISH_STOP_WORDS = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself ' +
    'she her hers herself it its itself they them their theirs themselves what which who whom ' +
    'this that these those am is are was were be been being have has had having do does did doing ' +
    'a an the and but if or because as until while of at by for with about against between into ' +
    'through during before after above below to from up down in out on off over under again ' +
    'further then once here there when where why how all any both each few more most other some ' +
    'such no nor not only own same so than too very s t can will just don should now'
  ).split(' '),
);

/**
 * `terms` without the single words the index's configuration ignores: English's, on either
 * database, leaves out {@link ENGLISH_STOP_WORDS}.
 */
export function withoutStopWords(terms: SearchTerm[], config: string): SearchTerm[] {
  if (!isEnglishConfig(config)) return terms;
  return terms.filter((t) => t.kind !== 'word' || !ENGLISH_STOP_WORDS.has(t.words[0]));
}

/**
 * The FTS5 query for `terms` (every term required), over the text columns, and the facets: a
 * section, any of the periods, or both as the section's own periods (db/search-index.ts).
 */
export function fts5Query(terms: SearchTerm[], facets: { sectionId?: number; periods?: string[] | null } = {}, columns = 'headline dek body'): string {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const parts = terms.map((t) =>
    t.kind === 'phrase'
      ? q(t.words.join(' '))
      : t.kind === 'prefix'
        ? `${q(t.words[0])} *`
        : t.kind === 'any'
          ? `(${t.words.map(q).join(' OR ')})`
          : q(t.words[0]),
  );
  let text = `{${columns}} : (${parts.join(' AND ')})`;
  const { sectionId, periods } = facets;
  // A section and periods: the periods within the section, one short list (db/search-index.ts).
  if (sectionId !== undefined && periods?.length) return `${text} AND facets : (${periods.map((p) => q(`s${sectionId}${p}`)).join(' OR ')})`;
  if (sectionId !== undefined) text += ` AND facets : ${q(`s${sectionId}`)}`;
  if (periods?.length) text += ` AND facets : (${periods.map(q).join(' OR ')})`;
  return text;
}

/** The PostgreSQL tsquery for `terms`, built by the database's own parsers from bound words. */
export function tsQuery(terms: SearchTerm[], cfg: string): RawBuilder<unknown> {
  const c = sql`${cfg}::regconfig`;
  const parts = terms.map((t) =>
    t.kind === 'phrase'
      ? sql`phraseto_tsquery(${c}, ${t.words.join(' ')})`
      : t.kind === 'prefix'
        ? sql`to_tsquery(${c}, ${`${t.words[0]}:*`})`
        : sql`plainto_tsquery(${c}, ${t.words[0]})`,
  );
  return sql`(${sql.join(parts, sql` && `)})`;
}

/** The words to mark in a snippet: each searched word, stems shortened so "harbours" marks "harbour". */
export function markPattern(terms: SearchTerm[]): RegExp | null {
  const stems = new Set<string>();
  for (const t of terms) for (const w of t.words) stems.add(t.kind === 'prefix' || w.length <= 4 ? w : w.slice(0, Math.max(4, w.length - 2)));
  if (!stems.size) return null;
  const alternatives = [...stems].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})[\\p{L}\\p{N}]*`, 'giu');
}
