/**
 * `--report --old-urls LIST`: every address of the old site asked of this site as it is now, through
 * the application's own routes (a GET injected into the app built on the site's database, the same
 * handlers a reader reaches), so the answer is the one a reader would get. Nothing is written: the
 * app is built without listening and closed after.
 */
import type { Deps } from '../runtime/deps.js';
import { PageCache } from '../runtime/page-cache.js';
import { securityHeaders } from '../runtime/page-entry.js';
import { createApp } from '../server/app.js';
import { checkOldUrls, readOldUrls, type OldUrlReport } from '../importers/wordpress/old-urls.js';

export interface SiteOldUrlReport extends OldUrlReport {
  /** Whether the site holds anything a WordPress import brought (else every post's old address is a 404 by nature). */
  imported: boolean;
}

export async function checkOldUrlsOnSite(deps: Deps, list: string): Promise<SiteOldUrlReport> {
  const urls = await readOldUrls(list);
  const imported = !!(await deps.kysely.selectFrom('articles').select('id').where('wp_id', 'is not', null).limit(1).executeTakeFirst());
  // Each page is asked for once: a page cache would only grow (to 256 MB for a big sitemap).
  const app = await createApp({ ...deps, cache: new PageCache(securityHeaders(deps.config.publicUrl.startsWith('https:')), 0, false) });
  try {
    const report = await checkOldUrls(
      urls,
      async (path) => {
        const res = await app.fastify.inject({ method: 'GET', url: path });
        const location = res.headers.location;
        return { status: res.statusCode, location: typeof location === 'string' ? location : undefined };
      },
      deps.config.publicUrl,
    );
    return { imported, ...report };
  } finally {
    await app.close();
  }
}

/** The terminal's lines: every address with its answer, then the counts. */
export function printOldUrlReport(r: SiteOldUrlReport, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`How the old addresses answer on this site as it is now (${r.checked}):\n`);
  for (const u of r.urls) {
    const status = u.status ? String(u.status) : '---';
    let line = `  ${status}  ${u.url}`;
    if (u.to) line += ` → ${u.to}`;
    if (u.finalStatus) line += ` (which answers ${u.finalStatus})`;
    if (u.note) line += ` (${u.note})`;
    out.write(line + '\n');
  }
  out.write(`${r.checked} old addresses: ${r.ok} answer 200, ${r.moved} answer 301 to a page, ${r.missing} do not answer.\n`);
  if (!r.imported) out.write('This site holds no WordPress import yet: import the export first, then check its old addresses again.\n');
}
