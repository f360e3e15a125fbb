/** Last: nothing held or stopped the comment, so it is published. */
import type { Phase } from './context.js';

export const approve: Phase = {
  name: 'approve',
  run() {
    return { status: 'approved', reason: 'passed every check' };
  },
};
