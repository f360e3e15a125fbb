// Gazette live conversation. While this story is open, the server tells this page which comments
// were approved since it was rendered (a Server-Sent Events stream: src/comments/live-route.ts).
// The reader sees "3 new comments — show" in a pill fixed to the bottom of the window, so nothing
// on the page moves until they ask; a polite live region says the same to screen readers. "Show"
// fetches this comment page again (the cached page, fresh by then) and puts each new comment in
// its thread. The stream opens a few seconds after the page has loaded, is closed while the tab is
// hidden and opened again when it is shown.
(() => {
  const section = document.getElementById('comments');
  const src = section?.getAttribute('data-live');
  if (!src || !window.EventSource || !window.fetch || !window.DOMParser) return;
  const base = new URL(src, location.href);
  let since = Number(base.searchParams.get('since') || 0);
  /** The ids the server says are new, ascending. */
  let announced = [];
  let stream = null;

  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const pill = document.createElement('button');
  pill.type = 'button';
  pill.className = 'live-pill';
  pill.hidden = true;
  // Styled here, not in style.css: the article page's bytes stay within budget for readers
  // without this script. Fixed to the window: showing it moves nothing on the page.
  Object.assign(pill.style, {
    position: 'fixed',
    zIndex: '20',
    left: '50%',
    bottom: 'calc(1rem + env(safe-area-inset-bottom, 0px))',
    transform: 'translateX(-50%)',
    maxWidth: 'calc(100vw - 2rem)',
    padding: '.6rem 1.2rem',
    borderRadius: '2rem',
    boxShadow: '0 2px 10px rgb(0 0 0 / .25)',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  });
  addEventListener('beforeprint', () => (pill.style.visibility = 'hidden'));
  addEventListener('afterprint', () => (pill.style.visibility = ''));
  document.body.append(status, pill);

  const here = (id) => document.getElementById('comment-' + id);
  const plural = (n) => (n === 1 ? '1 new comment' : n + ' new comments');
  let said = '';
  const say = (text) => {
    if (text === said) return;
    said = text;
    status.textContent = text;
  };

  /** New comments not on the page yet (the reader's own, placed by comments.js, are not news). */
  const unseen = () => announced.filter((id) => !here(id));
  let elsewhere = [];
  const render = () => {
    const news = unseen().filter((id) => !elsewhere.includes(id));
    const away = unseen().filter((id) => elsewhere.includes(id));
    const more = section.getAttribute('data-newest-page');
    if (news.length) {
      pill.textContent = plural(news.length) + ' — show';
      pill.dataset.action = 'show';
      pill.hidden = false;
      say(plural(news.length) + '. Use the “show” button at the bottom of the window to read them.');
    } else if (away.length && more) {
      pill.textContent = plural(away.length) + ' on the newest comment page — go';
      pill.dataset.action = 'go';
      pill.hidden = false;
      say(plural(away.length) + ' on the newest comment page.');
    } else {
      pill.hidden = true;
    }
  };

  const open = () => {
    if (stream) return;
    base.searchParams.set('since', String(since));
    stream = new EventSource(base.pathname + base.search);
    stream.onmessage = (event) => {
      try {
        const data = JSON.parse(event.data);
        if (Array.isArray(data.ids)) announced = data.ids.filter((id) => Number.isSafeInteger(id));
      } catch {
        return;
      }
      render();
    };
  };
  const close = () => {
    stream?.close();
    stream = null;
  };
  // Opened a few seconds after the page has loaded: most readers who leave at once never hold a
  // connection, and the page's own loading is never slowed (what was approved meanwhile is told
  // as soon as the stream opens).
  let started = false;
  const start = () =>
    setTimeout(() => {
      started = true;
      if (!document.hidden) open();
    }, 4000);
  if (document.readyState === 'complete') start();
  else addEventListener('load', start, { once: true });
  document.addEventListener('visibilitychange', () => (document.hidden ? close() : started && open()));
  // comments.js placed the reader's own comment: it is no longer news.
  document.addEventListener('gazette:comment-placed', render);

  const page = () => fetch(location.pathname, { credentials: 'same-origin', cache: 'no-store' }).then((r) => (r.ok ? r.text() : ''));
  const parse = (html) => new DOMParser().parseFromString(html, 'text/html');

  /** Puts the comments of `ids` that `doc` has in their threads here; answers the ones it has not. */
  const insert = (doc, ids, shown) => {
    const missing = [];
    for (const id of ids) {
      if (here(id)) continue;
      const li = doc.getElementById('comment-' + id);
      const parentItem = li?.parentElement?.closest('li.comment');
      const parentHere = parentItem ? document.getElementById(parentItem.id) : null;
      if (!li || (parentItem && !parentHere)) {
        missing.push(id);
        continue;
      }
      let list = parentHere ? parentHere.querySelector(':scope > ol.children') : section.querySelector(':scope > ol.comment-list');
      if (!list) {
        list = document.createElement('ol');
        list.className = parentHere ? 'children' : 'comment-list';
        if (parentHere) parentHere.append(list);
        else document.getElementById('comments-title')?.after(list);
      }
      // Beside the neighbour it has in the fetched thread, so the thread keeps its order.
      const before = li.previousElementSibling && document.getElementById(li.previousElementSibling.id);
      const after = li.nextElementSibling && document.getElementById(li.nextElementSibling.id);
      const node = document.adoptNode(li);
      if (before?.parentElement === list) before.after(node);
      else if (after?.parentElement === list) after.before(node);
      else list.append(node);
      node.classList.add('comment-just-posted');
      shown.push(node);
    }
    return missing;
  };

  pill.addEventListener('click', async () => {
    if (pill.dataset.action === 'go') {
      location.assign(section.getAttribute('data-newest-page'));
      return;
    }
    pill.disabled = true;
    const wanted = unseen();
    const shown = [];
    try {
      let doc = parse(await page());
      let missing = insert(doc, wanted, shown);
      if (missing.length) {
        // The page may be a moment behind the news (the cache's bound): once more, a second later.
        await new Promise((r) => setTimeout(r, 1200));
        doc = parse(await page());
        missing = insert(doc, missing, shown);
      }
      const title = doc.getElementById('comments-title');
      if (title && shown.length) document.getElementById('comments-title').textContent = title.textContent;
      elsewhere = missing;
    } catch {
      // The connection failed: the pill stays, to try again.
    }
    pill.disabled = false;
    if (shown.length) {
      // Every shown comment is now the page's: the stream starts again from the newest.
      // (up to the first that is not here, so one on another page is still announced)
      for (const id of wanted) {
        if (!here(id)) break;
        since = Math.max(since, id);
      }
      announced = announced.filter((id) => id > since);
      close();
      open();
      const first = shown[0];
      first.tabIndex = -1;
      first.scrollIntoView({ block: 'start' });
      first.focus({ preventScroll: true });
      say(shown.length === 1 ? '1 new comment shown.' : shown.length + ' new comments shown.');
    }
    render();
  });
})();
