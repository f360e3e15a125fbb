// Gazette enhancements. The site works without this file; it only makes commenting smoother:
// the reply form moves under the comment being answered, and the commenter's details can be
// remembered in this browser (localStorage, never a cookie).
// The section row scrolls sideways on narrow screens: the current section starts in view.
(() => {
  const nav = document.querySelector('.sections-nav ul');
  // A section reached by Tab comes wholly into view (Chromium leaves a half-shown one where it is).
  nav?.addEventListener('focusin', (event) => {
    if (event.target instanceof Element) event.target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  });
  const current = document.querySelector('.sections-nav [aria-current]');
  const row = current?.closest('ul');
  if (!row || row.scrollWidth <= row.clientWidth) return;
  const a = current.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  row.scrollLeft += a.left - r.left - (r.width - a.width) / 2;
})();
(() => {
  const form = document.getElementById('commentform');
  const respond = document.getElementById('respond');
  if (!form || !respond) return;
  const parent = form.querySelector('#parent_id');
  const titleText = document.getElementById('reply-title-text');
  const cancel = document.getElementById('cancel-comment-reply-link');
  const home = document.createElement('div');
  home.id = 'respond-home';
  home.hidden = true;
  respond.before(home);

  const setTitle = (text) => {
    if (titleText) titleText.textContent = text;
  };

  /** Moves the form under comment `id` (written by `author`), or back home when id is 0. */
  const moveTo = (id, author, focus = true) => {
    const comment = id ? document.getElementById('comment-' + id) : null;
    if (comment) {
      const body = comment.querySelector('.comment-body');
      (body || comment).after(respond);
      setTitle('Reply to ' + author);
      if (cancel) cancel.hidden = false;
    } else {
      home.after(respond);
      setTitle('Leave a Reply');
      if (cancel) cancel.hidden = true;
    }
    if (parent) parent.value = comment ? String(id) : '0';
    const field = form.querySelector('#comment');
    if (field && focus) field.focus();
  };

  // Arrived by the no-JavaScript link (?replytocom=ID): show the form under that comment too.
  const initial = parent ? Number(parent.value) : 0;
  if (initial) {
    const link = document.querySelector('.comment-reply-link[data-comment-id="' + initial + '"]');
    if (link) moveTo(initial, link.dataset.author || '', false);
  }
  // Back from a refused comment: the form, moved or not, in view with its first error focused.
  const invalid = form.querySelector('[autofocus]');
  if (invalid && form.querySelector('.field-error, .form-error')) {
    (form.querySelector('.form-error') || invalid).scrollIntoView({ block: 'center' });
    invalid.focus({ preventScroll: true });
  }

  document.addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const link = target.closest('.comment-reply-link');
    if (link?.dataset.commentId) {
      event.preventDefault();
      moveTo(Number(link.dataset.commentId), link.dataset.author || '');
    } else if (target.closest('#cancel-comment-reply-link')) {
      event.preventDefault();
      moveTo(0, '');
    }
  });

  // Remembered details: only when the reader ticks "Save my name…"; unticking forgets them.
  const KEY = 'gazette.commenter';
  const FIELDS = ['author', 'email', 'url'];
  const remember = form.querySelector('#remember');
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null; // storage disabled: nothing is remembered
    }
  })();
  if (storage && remember) {
    let saved = null;
    try {
      saved = JSON.parse(storage.getItem(KEY) || 'null');
    } catch {
      saved = null;
    }
    if (saved && typeof saved === 'object') {
      for (const name of FIELDS) {
        const input = form.elements.namedItem(name);
        // What the server sent back (a form with errors) wins over what was saved.
        if (input && !input.value && typeof saved[name] === 'string') input.value = saved[name];
      }
      remember.checked = true;
    }
    form.addEventListener('submit', () => {
      try {
        if (remember.checked) {
          const details = {};
          for (const name of FIELDS) {
            const input = form.elements.namedItem(name);
            details[name] = input ? input.value : '';
          }
          storage.setItem(KEY, JSON.stringify(details));
        } else {
          storage.removeItem(KEY);
        }
      } catch {
        // quota or privacy mode: the comment is still posted
      }
    });
  }
})();
