/**
 * A field people never see (hidden by CSS, out of the tab order, labelled "leave this empty"):
 * bots that fill in every input fill in this one too. Stored as spam, answered as if accepted, so
 * the bot learns nothing.
 */
import type { Phase } from './context.js';

export const honeypot: Phase = {
  name: 'honeypot',
  pure: true,
  run(ctx) {
    if (ctx.input.honeypot) return { status: 'spam', reason: 'the hidden field hp_website was filled in' };
    return undefined;
  },
};
