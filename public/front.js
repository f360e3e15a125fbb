// The front page desk: drag a top story to a new place (the Up and Down buttons do the same
// without a mouse, and without JavaScript). The new order is saved at once.
(() => {
  var list = document.querySelector('ol.picks');
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!list || !meta) return;
  var dragged = null;
  list.addEventListener('dragstart', (e) => {
    dragged = e.target.closest('li[data-pick]');
    if (!dragged) return;
    dragged.classList.add('dragging');
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', dragged.getAttribute('data-pick'));
  });
  list.addEventListener('dragover', (e) => {
    var over = e.target.closest('li[data-pick]');
    if (!dragged || !over || over === dragged) return;
    e.preventDefault();
    var box = over.getBoundingClientRect();
    list.insertBefore(dragged, e.clientY > box.top + box.height / 2 ? over.nextSibling : over);
  });
  list.addEventListener('dragend', () => {
    if (!dragged) return;
    dragged.classList.remove('dragging');
    dragged = null;
    var body = new URLSearchParams({ op: 'order' });
    list.querySelectorAll('li[data-pick]').forEach((li) => {
      body.append('order', li.getAttribute('data-pick'));
    });
    fetch(list.getAttribute('data-order-action'), {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': meta.getAttribute('content'), accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    }).then((r) => {
      if (r.ok) location.reload();
    });
  });
})();
