/**
 * The small pages that links in mail open: "confirm this action" (a GET never changes anything:
 * mail scanners fetch links before people do) and its outcome. Rendered in the site's layout,
 * never cached, never indexed.
 */
import { h, Fragment, type Child, type Html } from '../kernel/jsx.js';
import { Layout, page } from '../views/layout.js';
import type { SiteView } from '../views/site-view.js';

export interface ActionPageProps {
  site: SiteView;
  /** Path of the page, for its canonical link. */
  path: string;
  title: string;
  children?: Child;
  /** A stable error code, printed for whoever reports the problem. */
  code?: string;
}

/** A page with a heading and a few paragraphs. */
export function actionPage(p: ActionPageProps): string {
  return page(
    <Layout site={p.site} title={p.title} canonical={p.path} noindex>
      <article class="mail-action">
        <h1>{p.title}</h1>
        {p.children}
        {p.code ? (
          <p class="error-code">
            Error code: <code data-error-code={p.code}>{p.code}</code>
          </p>
        ) : null}
      </article>
    </Layout>,
  );
}

/** A form that POSTs `fields` back to `action`: the one button that applies what the link asked. */
export function ConfirmForm({ action, fields, label }: { action: string; fields: Record<string, string>; label: string }): Html {
  return (
    <form method="post" action={action} class="mail-action-form">
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <p>
        <button type="submit">{label}</button>
      </p>
    </form>
  );
}

export { Fragment };
