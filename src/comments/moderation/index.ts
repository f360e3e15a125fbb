/**
 * Comment moderation: an ordered list of small phases. Each phase either passes the comment on
 * (returns nothing), decides its status (returns `{ status, reason }`; later phases do not run and
 * the phase's name is stored in `decided_by`), or refuses it (throws a CommentError; nothing is
 * stored and the writer sees why).
 *
 * The order, in plain words:
 * 1. Refusals the writer can fix come first: a closed or missing article, fields that break the
 *    limits, a reply to something that cannot be replied to, the same comment twice.
 * 2. Then the cheap proofs that a person used our form: the honeypot (spam: bots stop here without
 *    costing a flood check or the filter) and the form token. A missing, forged or too-quick token
 *    holds the comment for a person to look at, because real people paste and password managers
 *    fill forms in a second; the later phases still run and may call it spam or refuse it.
 * 3. The flood limit next, so one address cannot make us run the expensive phases in a loop.
 * 4. Then the site's own rules, strongest verdict first: disallowed words (spam) before moderation
 *    words (hold), then too many links (hold).
 * 5. The learned filter after the rules, because the moderators' explicit lists outrank statistics.
 * 6. A comment wearing a staff member's name or email waits for a person, whatever comes after.
 * 7. Last the first-time hold: a comment that looks fine from someone new still waits for a person.
 * 8. Whatever is left is approved.
 */
import type { Decision, ModerationContext, Phase } from './context.js';
import { CommentError } from '../errors.js';
import { fromRefusal, toRefusal, type Refusal } from '../refusal.js';
import { closed } from './closed.js';
import { length } from './length.js';
import { thread } from './thread.js';
import { duplicate } from './duplicate.js';
import { honeypot } from './honeypot.js';
import { formTiming } from './form-timing.js';
import { flood } from './flood.js';
import { disallowedWords } from './disallowed-words.js';
import { moderationWords } from './moderation-words.js';
import { linkCount } from './link-count.js';
import { spamScore } from './spam-score.js';
import { firstTime } from './first-time.js';
import { staffIdentity } from './staff-identity.js';
import { approve } from './approve.js';

export const PHASES: readonly Phase[] = [
  closed,
  length,
  thread,
  duplicate,
  honeypot,
  formTiming,
  flood,
  disallowedWords,
  moderationWords,
  linkCount,
  spamScore,
  staffIdentity,
  firstTime,
  approve,
];

export interface Verdict extends Decision {
  decidedBy: string;
}

/** What a pure phase concluded ahead of time: a decision, a refusal, or null (passed). */
export type PhaseOutcome = Decision | { refused: Refusal } | null;

/** Pure phases' outcomes by phase name (see {@link premoderate}). */
export type Premoderated = Record<string, PhaseOutcome>;

/**
 * Runs the pure phases (no database) before the write transaction, and in the worker that took
 * the request, so the transaction and the one writer (../writer.ts) spend their time only on the
 * phases that read the database. `moderate` then takes each pure phase's outcome in its place in
 * the order: the verdict is the one running every phase in order would give.
 */
export async function premoderate(ctx: Omit<ModerationContext, 'trx'>, phases: readonly Phase[] = PHASES): Promise<Premoderated> {
  const out: Premoderated = {};
  for (const phase of phases) {
    if (!phase.pure) continue;
    try {
      out[phase.name] = (await phase.run(ctx as ModerationContext)) ?? null;
    } catch (err) {
      if (!(err instanceof CommentError)) throw err;
      out[phase.name] = { refused: toRefusal(err) };
    }
  }
  return out;
}

/**
 * Runs the phases in order until one decides. Throws the CommentError of a refusing phase.
 * `pre`: outcomes of pure phases already run (`premoderate`); those phases are not run again.
 */
export async function moderate(ctx: ModerationContext, phases: readonly Phase[] = PHASES, pre?: Premoderated): Promise<Verdict> {
  let hold: Verdict | undefined;
  for (const phase of phases) {
    const known = pre && phase.pure ? pre[phase.name] : undefined;
    const decision = known === undefined ? await phase.run(ctx) : known && 'refused' in known ? thrown(known.refused) : known;
    if (!decision) continue;
    const { holdUnlessWorse, ...verdict } = decision;
    if (holdUnlessWorse) {
      hold ??= { ...verdict, decidedBy: phase.name };
      continue;
    }
    if (hold && verdict.status !== 'spam') return hold;
    return { ...verdict, decidedBy: phase.name };
  }
  throw new Error('moderation ended without a decision: the last phase must always decide');
}

function thrown(r: Refusal): never {
  throw fromRefusal(r);
}

export type { ModerationContext, Phase, Decision, CommentInput, RequestFacts } from './context.js';
