/**
 * `gazette comments list [--status S] [--json]` and `gazette comments approve|spam|trash ID`:
 * moderation from a shell. A change shows on a running site at its next request.
 */
import type { Command } from 'commander';
import type { CommentStatus } from '../db/schema.js';
import { withDeps } from './config.js';

const STATUSES: CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];
const ACTIONS: Record<string, CommentStatus> = { approve: 'approved', spam: 'spam', trash: 'trash' };

function commentId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new Error(`GAZ_ERR_COMMENT_NOT_FOUND: "${raw}" is not a comment id`);
  return Number(raw);
}

export function registerCommentCommands(cli: Command): void {
  const comments = cli.command('comments').description('list and moderate reader comments');

  comments
    .command('list')
    .description('comments, newest last')
    .option('--status <status>', `only ${STATUSES.join(', ')}`)
    .option('--json', 'print JSON')
    .action((o: { status?: string; json?: boolean }) =>
      withDeps(async (deps) => {
        if (o.status && !STATUSES.includes(o.status as CommentStatus)) throw new Error(`--status must be one of ${STATUSES.join(', ')}`);
        const { listComments } = await import('../comments/moderate.js');
        const rows = await listComments(deps.kysely, o.status as CommentStatus | undefined);
        if (o.json) return void process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        for (const r of rows) {
          const when = new Date(Number(r.created_at)).toISOString().slice(0, 16).replace('T', ' ');
          process.stdout.write(`${r.id}\t${r.status}\t${when}\t${r.article}\t${r.author} <${r.email}>\t${r.decided_by}: ${r.reason}\n`);
        }
      }),
    );

  for (const [action, status] of Object.entries(ACTIONS)) {
    comments
      .command(`${action} <id>`)
      .description(`set a comment to ${status}`)
      .action((raw: string) =>
        withDeps(async (deps) => {
          const { moderateComment } = await import('../comments/moderate.js');
          const r = await moderateComment(deps, commentId(raw), status, 'moderator', 'decided from the command line');
          if (!r) throw new Error(`GAZ_ERR_COMMENT_NOT_FOUND: there is no comment ${raw}`);
          process.stdout.write(r.changed ? `Comment ${r.id}: ${r.previous} → ${r.status}\n` : `Comment ${r.id} already was ${r.status}\n`);
        }),
      );
  }
}
