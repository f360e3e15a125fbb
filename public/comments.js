// Gazette comment form, with JavaScript: posting and its answers happen in place.
// - The form's signed token is renewed when a cached page loads, so it says when *this* reader
//   opened the form (see src/comments/form-token.ts).
// - "Post Comment" sends the form with fetch (Accept: application/json). A refused comment shows
//   its errors beside the fields, everything typed kept; an accepted one (approved, or held and
//   shown to its writer alone) appears where it belongs in the thread, scrolled into view.
// Without this script the form posts as a plain form and the server does the same by redirects.
(() => {
  const form = document.getElementById('commentform');
  if (!form || !window.fetch || !window.URLSearchParams || !window.DOMParser) return;
  const token = form.querySelector('input[name="form_token"]');
  const articleId = form.querySelector('input[name="article_id"]')?.value;
  const tokenUrl = token?.getAttribute('data-refresh') || (articleId ? '/comments/token?article=' + articleId : null);

  const renewToken = () => {
    if (!token || !tokenUrl) return Promise.resolve();
    return fetch(tokenUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => {
        if (data && typeof data.token === 'string') token.value = data.token;
      })
      .catch(() => {});
  };
  if (token?.hasAttribute('data-refresh')) renewToken();

  const FIELDS = ['comment', 'author', 'email', 'url'];
  const submit = form.querySelector('#submit');

  const clearErrors = () => {
    for (const el of form.querySelectorAll('.field-error, .form-error')) el.remove();
    for (const name of FIELDS) {
      const input = form.querySelector('#' + name);
      if (!input) continue;
      input.closest('p')?.classList.remove('has-error');
      input.removeAttribute('aria-invalid');
      const described = (input.getAttribute('aria-describedby') || '')
        .split(' ')
        .filter((id) => id && id !== name + '-error')
        .join(' ');
      if (described) input.setAttribute('aria-describedby', described);
      else input.removeAttribute('aria-describedby');
    }
  };

  /** Shows `errors` ({ field: message }) beside their fields and brings the first into view. */
  const showErrors = (errors) => {
    clearErrors();
    let first = null;
    if (errors.form) {
      const p = document.createElement('p');
      p.className = 'form-error';
      p.setAttribute('role', 'alert');
      p.textContent = errors.form;
      (form.querySelector('.comment-notes') || form.firstChild)?.after(p);
      first = p;
    }
    let focus = null;
    for (const name of FIELDS) {
      const input = form.querySelector('#' + name);
      if (!input || !errors[name]) continue;
      const span = document.createElement('span');
      span.className = 'field-error';
      span.id = name + '-error';
      span.setAttribute('role', 'alert');
      span.textContent = errors[name];
      input.after(span);
      input.closest('p')?.classList.add('has-error');
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', (name + '-error ' + (input.getAttribute('aria-describedby') || '')).trim());
      focus ??= input;
      first ??= span.closest('p');
    }
    focus ??= form.querySelector('#comment');
    first?.scrollIntoView({ block: 'center' });
    focus?.focus({ preventScroll: true });
  };

  /** Puts comment `li` under its parent on this page (or at the end of the list) and shows it. */
  const place = (li, parentId) => {
    const parent = parentId ? document.getElementById('comment-' + parentId) : null;
    let list = null;
    if (parent) {
      list = parent.querySelector(':scope > ol.children');
      if (!list) {
        list = document.createElement('ol');
        list.className = 'children';
        parent.append(list);
      }
    } else {
      list = document.querySelector('#comments > ol.comment-list');
      if (!list) {
        list = document.createElement('ol');
        list.className = 'comment-list';
        document.getElementById('comments-title')?.after(list);
      }
    }
    // Back home first, so the form is not inside the list the comment joins.
    if (parentId) document.getElementById('cancel-comment-reply-link')?.click();
    document.getElementById(li.id)?.remove();
    list.append(li);
    li.classList.add('comment-just-posted');
    li.tabIndex = -1;
    li.scrollIntoView({ block: 'start' });
    li.focus({ preventScroll: true });
    // public/live.js: the writer's own comment is not news to them.
    document.dispatchEvent(new Event('gazette:comment-placed'));
  };

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    form.setAttribute('aria-busy', 'true');
    if (submit) submit.disabled = true;
    const parentId = Number(form.querySelector('#parent_id')?.value || 0);
    try {
      const r = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      const data = await r.json().catch(() => null);
      if (r.status === 201 && data && typeof data.location === 'string') {
        const target = new URL(data.location, location.href);
        // A comment shown on another comment page: go there.
        if (target.pathname !== location.pathname) return location.assign(target.href);
        const page = await fetch(target.href, { credentials: 'same-origin', cache: 'no-store' }).then((p) => p.text());
        const li = new DOMParser().parseFromString(page, 'text/html').getElementById('comment-' + data.id);
        if (!li) return location.assign(target.href);
        clearErrors();
        form.querySelector('#comment').value = '';
        place(document.adoptNode(li), parentId);
        // Reloading shows the same thread (a held comment's link shows it to its writer only).
        history.replaceState(null, '', target.pathname + target.search + '#comment-' + data.id);
      } else if (data?.errors) {
        showErrors(data.errors);
        if (data.code === 'GAZ_ERR_COMMENT_FORM_EXPIRED') renewToken();
      } else {
        showErrors({ form: 'Your comment could not be posted just now (the server answered ' + r.status + '). Your text is kept: please try again.' });
      }
    } catch {
      showErrors({ form: 'Your comment could not be sent: the connection failed. Your text is kept: please try again.' });
    } finally {
      busy = false;
      form.removeAttribute('aria-busy');
      if (submit) submit.disabled = false;
    }
  });
})();
