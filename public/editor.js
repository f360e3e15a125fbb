// The editor's enhancements: Publish or Schedule, the byline picker, tag suggestions, image upload, autosave and a warning
// before leaving with unsaved changes. The page works without any of it.
(() => {
  var form = document.getElementById('editor-form');
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';

  function post(url, body, extraHeaders) {
    var headers = { 'x-csrf-token': csrf, accept: 'application/json' };
    for (var k in extraHeaders || {}) headers[k] = extraHeaders[k];
    return fetch(url, { method: 'POST', body: body, headers: headers, credentials: 'same-origin' });
  }

  if (!form) return;
  var dirty = false;
  var submitting = false;
  var status = document.getElementById('autosave-status');

  form.addEventListener('input', () => {
    dirty = true;
  });
  form.addEventListener('change', () => {
    dirty = true;
  });
  form.addEventListener('submit', () => {
    submitting = true;
  });
  window.addEventListener('beforeunload', (e) => {
    if (dirty && !submitting) {
      e.preventDefault();
      e.returnValue = '';
    }
  });

  // Publish or Schedule: whichever the publication time means (both stay without JavaScript).
  // The field and data-now are wall-clock times in the site's zone, so they compare as text.
  var when = document.getElementById('f-publish_at');
  var nowButton = form.querySelector('button[data-when="now"]');
  var laterButton = form.querySelector('button[data-when="later"]');
  if (when && nowButton && laterButton) {
    const showWhich = () => {
      var later = when.value && when.value > when.getAttribute('data-now');
      nowButton.hidden = !!later;
      laterButton.hidden = !later;
    };
    when.addEventListener('input', showWhich);
    showWhich();
  }

  // The byline: names typed and picked instead of a list of checkboxes (which stay the form's fields).
  var bylines = form.querySelector('[data-bylines]');
  if (bylines) {
    const boxes = Array.from(bylines.querySelectorAll('input[type="checkbox"]'));
    const nameOf = (box) => bylines.querySelector('label[for="' + box.id + '"]').textContent;
    const chips = document.createElement('ul');
    chips.className = 'byline-chips';
    chips.setAttribute('aria-label', 'Credited');
    const picker = document.createElement('div');
    picker.className = 'byline-add';
    picker.innerHTML =
      '<label for="byline-input">Add a co-author</label><input id="byline-input" type="text" list="byline-names" autocomplete="off" aria-describedby="bylines-help"><datalist id="byline-names"></datalist>';
    const input = picker.querySelector('input');
    const names = picker.querySelector('datalist');
    const order = boxes.filter((b) => b.checked);
    const render = () => {
      chips.textContent = '';
      names.textContent = '';
      order.forEach((box) => {
        const li = document.createElement('li');
        li.textContent = nameOf(box) + ' ';
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'link';
        remove.textContent = 'Remove';
        remove.setAttribute('aria-label', 'Remove ' + nameOf(box));
        remove.addEventListener('click', () => {
          box.checked = false;
          order.splice(order.indexOf(box), 1);
          dirty = true;
          render();
          input.focus();
        });
        li.appendChild(remove);
        chips.appendChild(li);
      });
      boxes
        .filter((b) => !b.checked)
        .forEach((b) => {
          const o = document.createElement('option');
          o.value = nameOf(b);
          names.appendChild(o);
        });
      // The form sends the ticked boxes in document order; put them in the order of credit.
      order.forEach((box) => {
        box.parentNode.parentNode.appendChild(box.parentNode);
      });
    };
    const add = () => {
      const wanted = input.value.trim().toLowerCase();
      const box = boxes.find((b) => !b.checked && nameOf(b).toLowerCase() === wanted);
      if (!box) return false;
      box.checked = true;
      order.push(box);
      input.value = '';
      dirty = true;
      render();
      return true;
    };
    input.addEventListener('change', add);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        add();
      }
    });
    bylines.querySelector('.byline-options').hidden = true;
    bylines.querySelector('#bylines-help').textContent = 'Type a name to credit a co-author; the byline follows this order.';
    bylines.appendChild(chips);
    bylines.appendChild(picker);
    render();
  }

  // The slug a new article will get, shown as the field's placeholder.
  var headline = document.getElementById('f-headline');
  var slug = document.getElementById('f-slug');
  if (headline && slug) {
    const slugify = (s) =>
      s
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/['\u2019]/g, '')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 80);
    headline.addEventListener('input', () => {
      slug.placeholder = slugify(headline.value);
    });
  }

  // Tag suggestions for the term being typed after the last comma.
  var tags = document.getElementById('f-tags');
  var list = document.getElementById('tag-suggestions');
  if (tags && list) {
    let tagTimer = null;
    tags.addEventListener('input', () => {
      clearTimeout(tagTimer);
      tagTimer = setTimeout(() => {
        var parts = tags.value.split(',');
        var term = parts[parts.length - 1].trim();
        if (!term) return;
        var prefix = parts
          .slice(0, -1)
          .map((p) => p.trim())
          .filter(Boolean)
          .join(', ');
        fetch('/admin/tags.json?q=' + encodeURIComponent(term), { credentials: 'same-origin' })
          .then((r) => r.json())
          .then((j) => {
            list.textContent = '';
            j.tags.forEach((t) => {
              var o = document.createElement('option');
              o.value = (prefix ? prefix + ', ' : '') + t.name;
              list.appendChild(o);
            });
          })
          .catch(() => {});
      }, 200);
    });
  }

  // Uploading a featured image without leaving the editor.
  var upload = document.getElementById('featured-upload');
  var file = document.getElementById('f-featured-file');
  var select = document.getElementById('f-featured-media-id');
  var uploadStatus = document.getElementById('featured-upload-status');
  if (upload && file && select) {
    upload.hidden = false;
    file.addEventListener('change', () => {
      if (!file.files?.[0]) return;
      var data = new FormData();
      data.append('file', file.files[0]);
      uploadStatus.textContent = 'Uploading…';
      post('/admin/media', data)
        .then((r) =>
          r.json().then((j) => {
            if (!r.ok) throw new Error(j.message || 'Upload failed');
            return j;
          }),
        )
        .then((j) => {
          var o = document.createElement('option');
          o.value = String(j.id);
          o.textContent = j.name;
          select.appendChild(o);
          select.value = String(j.id);
          dirty = true;
          uploadStatus.textContent = 'Uploaded. Now describe the image in the alt text field.';
          var alt = document.getElementById('f-featured_alt');
          if (alt) alt.focus();
        })
        .catch((err) => {
          uploadStatus.textContent = err.message;
        });
    });
  }

  // Autosave every 20 seconds while there are changes; a new article becomes a draft first.
  setInterval(() => {
    if (!dirty || submitting) return;
    var url = form.getAttribute('data-autosave');
    var fields = new URLSearchParams(new FormData(form));
    fields.delete('_csrf');
    post(url, fields, { 'content-type': 'application/x-www-form-urlencoded' })
      .then((r) => {
        if (r.status === 204) return null;
        if (!r.ok) throw new Error('autosave failed');
        return r.json();
      })
      .then((j) => {
        if (!j) return;
        dirty = false;
        if (j.id) {
          form.setAttribute('action', j.url);
          form.setAttribute('data-autosave', j.autosave);
          history.replaceState(null, '', j.url);
        }
        if (status) status.textContent = 'Draft autosaved at ' + new Date(j.savedAt).toLocaleTimeString();
      })
      .catch(() => {
        if (status) status.textContent = 'Autosave failed; save by hand.';
      });
  }, 20000);
})();
