/**
 * Comment moderation: an ordered list of small phases. Each phase either passes the comment on
 * (returns nothing), decides its status (returns `{ status, reason }`; later phases do not run and
 * the phase's name is stored in `decided_by`), or refuses it (throws a CommentError; nothing is
 * stored and the writer sees why).
 *
 * The order, in plain words:
 * 1. Refusals the writer can fix come first: a closed or missing article, fields that break the
 *    limits, a reply to something that cannot be replied to, the same comment twice.
 * 2. Then the cheap proofs that a person used our form: the honeypot and the form token. Bots
 *    stop here as spam without costing a flood check or the filter.
 * 3. The flood limit next, so one address cannot make us run the expensive phases in a loop.
 * 4. Then the site's own rules, strongest verdict first: disallowed words (spam) before moderation
 *    words (hold), then too many links (hold).
 * 5. The learned filter after the rules, because the moderators' explicit lists outrank statistics.
 * 6. Last the first-time hold: a comment that looks fine from someone new still waits for a person.
 * 7. Whatever is left is approved.
 */
import type { Decision, ModerationContext, Phase } from './context.js';
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
  firstTime,
  approve,
];

export interface Verdict extends Decision {
  decidedBy: string;
}

/** Runs the phases in order until one decides. Throws the CommentError of a refusing phase. */
export async function moderate(ctx: ModerationContext, phases: readonly Phase[] = PHASES): Promise<Verdict> {
  for (const phase of phases) {
    const decision = await phase.run(ctx);
    if (decision) return { ...decision, decidedBy: phase.name };
  }
  throw new Error('moderation ended without a decision: the last phase must always decide');
}

export type { ModerationContext, Phase, Decision, CommentInput, RequestFacts } from './context.js';
