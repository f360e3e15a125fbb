/**
 * Naive Bayes with Robinson's token probabilities and Fisher's chi-square combination, as
 * SpamBayes does it: each token's spamminess is smoothed towards 0.5 by how rarely it was seen,
 * only tokens far from 0.5 take part, and the combined evidence gives a score between 0 (ham)
 * and 1 (spam), near 0.5 when the evidence is weak or mixed. Pure arithmetic; counts come from
 * the database (see store.ts).
 */

/** How many comments of each class a token appeared in. */
export interface TokenCounts {
  spam: number;
  ham: number;
}

export interface Corpus {
  spamDocs: number;
  hamDocs: number;
  tokens: Map<string, TokenCounts>;
}

/** Robinson's s and x: the weight and the value of the prior belief about an unseen token. */
const STRENGTH = 0.45;
const PRIOR = 0.5;
/** Tokens closer to 0.5 than this say nothing. */
const MIN_DEVIATION = 0.1;
/** The most telling tokens of a comment take part, no more. */
const MAX_CLUES = 150;

/** P(chi-square with `dof` degrees of freedom ≥ x2), for even `dof`. */
function chi2Q(x2: number, dof: number): number {
  const m = x2 / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < dof / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(sum, 1);
}

/** The smoothed probability that a comment containing this token is spam. */
export function tokenSpamminess(c: TokenCounts, corpus: Corpus): number {
  const b = c.spam / Math.max(corpus.spamDocs, 1);
  const g = c.ham / Math.max(corpus.hamDocs, 1);
  const n = c.spam + c.ham;
  const p = b + g === 0 ? PRIOR : b / (b + g);
  return (STRENGTH * PRIOR + n * p) / (STRENGTH + n);
}

/** The spam score of a comment's tokens: 0 ham … 1 spam. */
export function spamScore(tokens: string[], corpus: Corpus): number {
  const clues: number[] = [];
  for (const t of tokens) {
    const c = corpus.tokens.get(t);
    if (!c) continue;
    const f = tokenSpamminess(c, corpus);
    if (Math.abs(f - 0.5) >= MIN_DEVIATION) clues.push(f);
  }
  if (!clues.length) return 0.5;
  clues.sort((a, b) => Math.abs(b - 0.5) - Math.abs(a - 0.5));
  const used = clues.slice(0, MAX_CLUES).map((f) => Math.min(Math.max(f, 1e-6), 1 - 1e-6));
  let lnSpam = 0;
  let lnHam = 0;
  for (const f of used) {
    lnHam += Math.log(1 - f);
    lnSpam += Math.log(f);
  }
  const s = 1 - chi2Q(-2 * lnHam, 2 * used.length);
  const h = 1 - chi2Q(-2 * lnSpam, 2 * used.length);
  return (s - h + 1) / 2;
}
