/**
 * Revisions of an article: the list, and the difference between two of them, word by word, with
 * a button to restore the older text.
 */
import { h, Fragment, type Html } from '../../kernel/jsx.js';
import { PageHeader, When } from '../views/forms.js';
import type { FieldDiff, RevisionSummary } from './revisions.js';

const LABEL: Record<string, string> = { headline: 'Headline', dek: 'Dek', slug: 'Slug', excerpt: 'Excerpt', body: 'Body' };

export function RevisionsPage(p: {
  base: string;
  articleId: number;
  headline: string;
  revisions: RevisionSummary[];
  from: RevisionSummary | null;
  to: RevisionSummary | null;
  diff: FieldDiff[];
  csrf: Html;
  timeZone: string;
}): Html {
  return (
    <Fragment>
      <PageHeader title={`Revisions of “${p.headline}”`}>
        <a href={`${p.base}/${p.articleId}`}>Back to the editor</a>
      </PageHeader>
      {p.from && p.to ? (
        <section aria-labelledby="diff-heading" class="revision-diff">
          <h2 id="diff-heading">
            Changes from <When ms={p.from.created_at} tz={p.timeZone} /> to <When ms={p.to.created_at} tz={p.timeZone} />
          </h2>
          {p.diff.every((d) => !d.changed) ? <p>The two revisions have the same text.</p> : null}
          {p.diff
            .filter((d) => d.changed)
            .map((d) => (
              <div class="diff-field">
                <h3>{LABEL[d.field]}</h3>
                <pre class="diff">
                  {d.parts.map((part) => (part.kind === 'added' ? <ins>{part.text}</ins> : part.kind === 'removed' ? <del>{part.text}</del> : part.text))}
                </pre>
              </div>
            ))}
        </section>
      ) : (
        <p>Only one revision so far: there is nothing to compare.</p>
      )}
      <h2>All revisions</h2>
      <table class="list-table">
        <thead>
          <tr>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Status</th>
            <th scope="col">Headline</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {p.revisions.map((r, i) => (
            <tr>
              <td>
                <When ms={r.created_at} tz={p.timeZone} />
              </td>
              <td>{r.user_name ?? '—'}</td>
              <td>{r.status}</td>
              <td>{r.headline}</td>
              <td class="row-actions">
                {p.revisions[i + 1] ? <a href={`${p.base}/${p.articleId}/revisions?from=${p.revisions[i + 1].id}&to=${r.id}`}>Compare with previous</a> : null}
                {i > 0 ? (
                  <form method="post" action={`${p.base}/${p.articleId}/revisions/${r.id}/restore`} class="inline">
                    {p.csrf}
                    <button type="submit">Restore</button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Fragment>
  );
}
