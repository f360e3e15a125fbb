/**
 * The clean-up of files a failed import wrote (media the media pass took in stay, for the next run).
 */
import { removeFiles } from '../../media/process.js';
import type { ImportContext } from './context.js';

/** Removes what a failed import copied. */
export async function removeCopies(ctx: ImportContext): Promise<void> {
  await removeFiles(ctx.deps.config.dataDir, ctx.copiedFiles);
}
