// Gazette newsroom: small enhancements. Every page works without this file.
(() => {
  // Moderation queue: j/k move, a approve (or not spam), s spam, t trash, u unapprove, r restore,
  // x select for a bulk action. Keys are ignored while typing in a field.
  var items = Array.prototype.slice.call(document.querySelectorAll('.queue-item'));
  var help = document.querySelector('.shortcuts-help');
  var selectAll = document.querySelector('.select-all');
  var current = -1;

  function focusItem(i) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, i));
    items.forEach((el, n) => {
      el.classList.toggle('current', n === current);
    });
    items[current].focus();
    items[current].scrollIntoView({ block: 'nearest' });
  }

  function typing(target) {
    var tag = target?.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target?.isContentEditable;
  }

  if (items.length) {
    if (help) help.hidden = false;
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      var key = e.key;
      if (key === 'j') {
        focusItem(current + 1);
        e.preventDefault();
        return;
      }
      if (key === 'k') {
        focusItem(current - 1);
        e.preventDefault();
        return;
      }
      if (current < 0) return;
      var item = items[current];
      if (key === 'x') {
        const box = item.querySelector('input[type="checkbox"]');
        if (box) box.checked = !box.checked;
        e.preventDefault();
        return;
      }
      var button = item.querySelector('button[data-key="' + key + '"]');
      if (button) {
        e.preventDefault();
        button.click();
      }
    });
    items.forEach((el, n) => {
      el.addEventListener('focusin', () => {
        current = n;
        items.forEach((o, m) => {
          o.classList.toggle('current', m === n);
        });
      });
    });
  }

  if (selectAll) {
    selectAll.hidden = false;
    selectAll.addEventListener('click', () => {
      var boxes = document.querySelectorAll('input[type="checkbox"][form="bulk"]');
      var all = Array.prototype.every.call(boxes, (b) => b.checked);
      Array.prototype.forEach.call(boxes, (b) => {
        b.checked = !all;
      });
    });
  }

  // Destructive buttons ask first.
  document.addEventListener('click', (e) => {
    var b = e.target?.closest ? e.target.closest('button.danger') : null;
    if (b && !window.confirm(b.textContent.trim() + '?')) e.preventDefault();
  });
})();
