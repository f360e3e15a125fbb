/**
 * Synthetic news prose: a headline, a dek and a body of several paragraphs with subheads, a
 * quotation and sometimes a link, all drawn from a seeded {@link Random}.
 *
 * The body is written three ways at once (Markdown source, the HTML `renderBody` makes of it,
 * and the plain text `plainText` makes of that), because rendering 100,000 bodies through
 * markdown-it and sanitize-html would take minutes; prose.test.ts checks the three agree with
 * the real renderer.
 */
import type { Random } from './random.js';
import * as W from './vocabulary.js';

/** A run of inline text: plain, emphasised, or a link. */
type Inline = string | { em: string } | { link: string; href: string };
type Block = { kind: 'p' | 'h2' | 'quote'; inline: Inline[] };

export interface DemoBody {
  markdown: string;
  html: string;
  text: string;
}

export interface DemoArticleText {
  headline: string;
  dek: string;
  body: DemoBody;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * `verb` (third person singular: `weighs`, `is`) agreeing with `subject`; plural subjects in the
 * word lists (`border officials`, `the selectors`) end in s, singular ones never do.
 */
function agree(subject: string, verb: string): string {
  if (!subject.endsWith('s')) return verb;
  return verb === 'is' ? 'are' : verb.replace(/s$/, '');
}

/** Coined place and company names: a long tail of rare words, so some searches find few stories. */
const SYLLABLES = [
  'bren',
  'vik',
  'hol',
  'mar',
  'sten',
  'ka',
  'lor',
  'dun',
  'mere',
  'ash',
  'tor',
  'wen',
  'gal',
  'ro',
  'sel',
  'fen',
  'quar',
  'ist',
  'by',
  'ton',
  'ard',
  'lin',
  'os',
  'ter',
];
function coinedName(rng: Random): string {
  let s = rng.pick(SYLLABLES) + rng.pick(SYLLABLES);
  if (rng.chance(0.4)) s += rng.pick(SYLLABLES);
  return cap(s);
}

function person(rng: Random): string {
  return `${rng.pick(W.FIRST_NAMES)} ${rng.pick(W.LAST_NAMES)}`;
}

/** One story's cast: kept for the whole article so it reads as one story. */
interface Cast {
  section: W.SectionWords;
  subject: string;
  actor: string;
  place: string;
  town: string;
  people: { name: string; role: string }[];
}

function castFor(rng: Random, section: W.SectionWords): Cast {
  return {
    section,
    subject: rng.skewed(section.subjects, 1.5),
    actor: rng.pick(section.actors),
    place: rng.pick(W.PLACES),
    town: coinedName(rng),
    people: [0, 1, 2].map(() => ({ name: person(rng), role: rng.pick(section.roles) })),
  };
}

const SENTENCES: ((r: Random, c: Cast) => string)[] = [
  (r, c) => `${cap(c.actor)} said on ${r.pick(W.WEEKDAYS)} that ${c.subject} would ${r.pick(W.FUTURE_VERBS)} ${r.pick(W.TIMEFRAMES)}`,
  (r, c) =>
    `The ${r.pick(W.ADJECTIVES)} ${r.pick(W.ANNOUNCEMENTS)} comes as ${r.skewed(c.section.subjects)} ${r.pick(W.PRESENT_VERBS)} across ${r.pick(W.PLACES)}`,
  (r, c) =>
    `Figures published by ${r.pick(c.section.actors)} showed ${r.pick(c.section.metrics)} ${r.pick(['rose', 'fell', 'edged up', 'slipped'])} ${r.int(1, 14)}.${r.int(0, 9)} percent in ${r.pick(W.MONTHS)}, the ${r.pick(W.ORDINALS)} such move in ${r.pick(['a year', 'two years', 'a decade'])}`,
  (r, c) => {
    const p = r.pick(c.people);
    return `${p.name}, who ${r.pick(W.BACKGROUNDS)}, told reporters that ${r.pick(W.CLAIMS)}`;
  },
  (r) => `Critics argue that ${r.pick(W.CLAIMS)}, while supporters point to ${r.pick(W.REASONS)} as the reason for acting now`,
  (r, c) => `In ${c.town}, ${r.pick(W.DETAILS)}`,
  (r, _c) => `In ${r.pick(W.PLACES)}, ${r.pick(W.DETAILS)}`,
  (r, c) => `It was not immediately clear whether ${c.subject} would ${r.pick(W.FUTURE_VERBS)}, or how ${r.pick(c.section.actors)} would respond`,
  (r, c) =>
    `Analysts expect ${r.pick(c.section.metrics)} to ${r.pick(['recover', 'stay under pressure', 'level off', 'keep climbing'])} ${r.pick(W.TIMEFRAMES)}, citing ${r.pick(W.REASONS)}`,
  (r, c) => `${cap(r.pick(c.section.actors))} did not respond to a request for comment on ${r.pick(W.WEEKDAYS)}`,
  (r, c) =>
    `The debate over ${c.subject} has been shaped by ${r.pick(W.REASONS)} and by memories of ${r.pick(['an earlier crisis', 'a failed reform', 'the last election', 'a long dispute'])} in ${c.place}`,
  (r, c) =>
    `Officials in ${c.place} said ${r.int(2, 40) * 100} people had ${r.pick(['signed a petition', 'attended the hearings', 'applied for support', 'written to their representatives'])} since ${r.pick(W.MONTHS)}`,
  (r, c) =>
    `${cap(c.actor)} ${agree(c.actor, 'is')} expected to publish ${r.pick(['a fuller account', 'its own figures', 'a revised plan', 'the findings'])} ${r.pick(W.TIMEFRAMES)}`,
  (r) => `Some residents said ${r.pick(W.CLAIMS)}`,
  (r, c) => `A company based in ${c.town}, ${coinedName(r)} ${r.pick(['Holdings', 'Logistics', 'Energy', 'Works', 'Partners'])}, said ${r.pick(W.CLAIMS)}`,
];

function sentence(rng: Random, cast: Cast): string {
  return cap(rng.pick(SENTENCES)(rng, cast)) + '.';
}

function paragraph(rng: Random, cast: Cast, min: number, max: number): Block {
  const inline: Inline[] = [];
  const n = rng.int(min, max);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(sentence(rng, cast));
  inline.push(parts.join(' '));
  if (rng.chance(0.08))
    inline.push(` The account was first reported by `, { em: `The ${coinedName(rng)} ${rng.pick(['Courier', 'Review', 'Herald', 'Ledger'])}` }, '.');
  if (rng.chance(0.06)) inline.push(' See ', { link: `our ${cast.section.name.toLowerCase()} coverage`, href: `/section/${cast.section.slug}/` }, '.');
  return { kind: 'p', inline };
}

function quotation(rng: Random, cast: Cast): Block {
  const p = rng.pick(cast.people);
  return { kind: 'quote', inline: [`“${cap(rng.pick(W.CLAIMS))}, and ${rng.pick(W.CLAIMS)},” said ${p.name}, ${p.role}.`] };
}

function subhead(rng: Random, cast: Cast): Block {
  const heads = [
    'What comes next',
    'A divided response',
    `The view from ${cast.town}`,
    'The numbers behind it',
    'An uneven picture',
    'How it began',
    'Questions of cost',
    `Reaction in ${cast.place}`,
  ];
  return { kind: 'h2', inline: [cap(rng.pick(heads))] };
}

/** A body of roughly `targetChars` characters: a lead, paragraphs, a subhead every few, a quote. */
function blocks(rng: Random, cast: Cast, targetChars: number): Block[] {
  const out: Block[] = [paragraph(rng, cast, 2, 3)];
  let size = 0;
  let sinceHead = 0;
  let quoted = false;
  while (size < targetChars) {
    let b: Block;
    if (sinceHead >= 3 && rng.chance(0.5)) {
      b = subhead(rng, cast);
      sinceHead = 0;
    } else if (!quoted && out.length > 2 && rng.chance(0.25)) {
      b = quotation(rng, cast);
      quoted = true;
    } else {
      b = paragraph(rng, cast, 3, 5);
      sinceHead++;
    }
    out.push(b);
    size += inlineText(b.inline).length;
  }
  return out;
}

const inlineText = (xs: Inline[]) => xs.map((x) => (typeof x === 'string' ? x : 'em' in x ? x.em : x.link)).join('');
const inlineMd = (xs: Inline[]) => xs.map((x) => (typeof x === 'string' ? x : 'em' in x ? `*${x.em}*` : `[${x.link}](${x.href})`)).join('');
const inlineHtml = (xs: Inline[]) => xs.map((x) => (typeof x === 'string' ? x : 'em' in x ? `<em>${x.em}</em>` : `<a href="${x.href}">${x.link}</a>`)).join('');

function render(bs: Block[]): DemoBody {
  const md: string[] = [];
  let html = '';
  for (const b of bs) {
    if (b.kind === 'p') {
      md.push(inlineMd(b.inline));
      html += `<p>${inlineHtml(b.inline)}</p>\n`;
    } else if (b.kind === 'h2') {
      md.push(`## ${inlineMd(b.inline)}`);
      html += `<h2>${inlineHtml(b.inline)}</h2>\n`;
    } else {
      md.push(`> ${inlineMd(b.inline)}`);
      html += `<blockquote>\n<p>${inlineHtml(b.inline)}</p>\n</blockquote>\n`;
    }
  }
  // What plainText() makes of this HTML: tags dropped (blocks are apart by their newlines), whitespace collapsed.
  const text = html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { markdown: md.join('\n\n'), html, text };
}

function headline(rng: Random, cast: Cast): string {
  const forms = [
    () => `${cast.actor} ${agree(cast.actor, rng.pick(W.HEADLINE_VERBS))} ${cast.subject} amid ${rng.pick(W.REASONS)}`,
    () => `${cast.subject} ${rng.pick(W.PRESENT_VERBS)} in ${cast.place}`,
    () => `In ${cast.town}, ${cast.subject} ${rng.pick(W.PRESENT_VERBS)}`,
    () =>
      `${rng.pick(cast.section.metrics)} ${rng.pick(['up', 'down', 'flat'])} for a ${rng.pick(W.ORDINALS)} month as ${cast.actor} ${agree(cast.actor, rng.pick(W.HEADLINE_VERBS))} plans`,
    () => `What ${cast.subject} means for ${cast.place}`,
  ];
  return cap(rng.pick(forms)());
}

/** A whole article's text for `section`, about 3–6 KB of body like a real news story. */
export function writeArticle(rng: Random, section: W.SectionWords): DemoArticleText {
  const cast = castFor(rng, section);
  const dek = `${cap(cast.actor)} ${agree(cast.actor, rng.pick(['says', 'insists', 'concedes']))} ${rng.pick(W.CLAIMS)}; ${rng.pick(cast.people).role} ${rng.pick(['is not so sure', 'sees a turning point', 'warns of delays', 'calls it overdue'])}.`;
  return { headline: headline(rng, cast), dek, body: render(blocks(rng, cast, rng.int(3000, 6000))) };
}

/** A reader's comment: an opener and a thought or two; a reply answers its parent. */
export function writeComment(rng: Random, reply: boolean): string {
  const first = reply ? rng.pick(W.COMMENT_REPLIES) : rng.pick(W.COMMENT_OPENERS);
  const parts = [first, cap(rng.pick(W.COMMENT_THOUGHTS)) + '.'];
  if (rng.chance(0.5)) parts.push(`Honestly, ${rng.pick(W.COMMENT_THOUGHTS)}.`);
  if (rng.chance(0.2)) parts.push('\n\n' + cap(rng.pick(W.CLAIMS)) + '.');
  return parts.join(' ').replace(/ \n\n/g, '\n\n');
}

/** A commenter's display name. */
export function commenterName(rng: Random): string {
  return rng.chance(0.2) ? `${rng.pick(W.FIRST_NAMES)} ${rng.pick(W.LAST_NAMES).charAt(0)}.` : person(rng);
}
