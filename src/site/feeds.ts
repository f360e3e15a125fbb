/**
 * RSS 2.0, Atom and JSON Feed for the site, sections, tags, authors and comments.
 */
import type { Deps } from '../server/deps.js';
import type { SiteView } from './context.js';
import type { ReaderRoute } from './paths.js';
import type { Rendered } from './pages.js';

export async function feedPage(deps: Deps, site: SiteView, route: ReaderRoute): Promise<Rendered> {
  void deps;
  void site;
  void route;
  return { type: 'notfound' };
}
