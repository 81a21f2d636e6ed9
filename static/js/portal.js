// Progressive enhancement only: every task works without this file.
// 1. Move focus to the error summary when a form comes back with errors.
// 2. Session timeout warning (WCAG 2.2.1): a dialog two minutes before the idle timeout, with a
//    "stay signed in" button that extends the session without leaving the page (as the session
//    bar's button does).
(function () {
  'use strict';
  var summary = document.querySelector('[data-error-summary]');
  // A success notice (after a save or a staff action) takes focus, so that it is read out first;
  // after an upload the notice (role=alert) is read out and focus returns to the section the
  // upload came from (the address's fragment). A lookup's or verification's result takes focus
  // (WCAG 4.1.3).
  var done = document.querySelector('[data-notice]');
  var back = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  var result = document.querySelector('[data-result]');
  if (done && !summary) {
    if (back) {
      if (!back.hasAttribute('tabindex')) { back.setAttribute('tabindex', '-1'); }
      back.focus();
    } else {
      done.focus();
    }
  } else if (result && !summary) {
    result.focus();
  }
  if (summary) {
    summary.focus();
    // A link in the summary moves to its field with the question (label or legend) in view, as
    // the GOV.UK error summary does, rather than leaving the label above the top of the screen.
    summary.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      var field = link ? document.getElementById(link.getAttribute('href').slice(1)) : null;
      if (!field) { return; }
      var fieldset = field.closest('fieldset');
      var legend = fieldset ? fieldset.querySelector('legend') : null;
      var label = document.querySelector('label[for="' + field.id + '"]');
      var question = legend || label || field;
      event.preventDefault();
      question.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  var bar = document.getElementById('session-timeout');
  var dialog = document.getElementById('timeout-dialog');
  if (!bar || !dialog || typeof dialog.showModal !== 'function') { return; }
  // The end counted on this device from now: its clock may be wrong, the server's is not read.
  var expires = Date.now() + parseInt(bar.getAttribute('data-expires-in'), 10) * 1000;
  var idleMs = parseInt(bar.getAttribute('data-idle-seconds'), 10) * 1000;
  var warnBefore = Math.min(2 * 60 * 1000, idleMs / 2);
  var warnTimer = null;
  var endTimer = null;

  function schedule() {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    var now = Date.now();
    warnTimer = setTimeout(function () { dialog.showModal(); }, Math.max(0, expires - warnBefore - now));
    endTimer = setTimeout(function () { window.location.href = '/login'; }, Math.max(0, expires - now + 1000));
  }

  // Both "stay signed in" buttons (the bar's and the dialog's) extend the session in place: the
  // page, and whatever was typed in it, stays; the bar and the dialog show the new end time.
  var notice = bar.querySelector('[data-session-notice]');
  var warning = dialog.querySelector('[data-session-warning]');
  Array.prototype.forEach.call(document.querySelectorAll('[data-extend]'), function (button) {
    button.addEventListener('click', function (event) {
      var form = button.form;
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      fetch(form.action, {
        method: 'POST',
        headers: { 'Accept': 'application/json' },
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin'
      }).then(function (res) {
        if (!res.ok) { form.submit(); return null; }
        return res.json();
      }).then(function (data) {
        if (!data || typeof data.expires_in !== 'number') { return; }
        expires = Date.now() + data.expires_in * 1000;
        if (notice && data.notice) { notice.textContent = data.notice; }
        if (warning && data.warning) { warning.textContent = data.warning; }
        if (dialog.open) { dialog.close(); }
        schedule();
      }).catch(function () { form.submit(); });
    });
  });
  schedule();
})();

// 3. Upload progress: forms marked data-upload-progress send their file with XMLHttpRequest and
//    show a progress bar (announced politely to screen readers). Without JavaScript, or without a
//    file chosen, the form submits normally.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-upload-progress]');
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener('submit', function (event) {
      var input = form.querySelector('input[type=file]');
      if (!input || !input.files || input.files.length === 0 || !window.FormData) { return; }
      event.preventDefault();
      var status = form.querySelector('[data-upload-status]');
      var bar = form.querySelector('progress[data-upload-bar]');
      if (status) { status.hidden = false; }
      if (bar) { bar.hidden = false; bar.value = 0; }
      var label = status ? status.getAttribute('data-label') : '';
      var lastAnnounced = -1;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) { return; }
        var percent = Math.round((e.loaded / e.total) * 100);
        if (bar) { bar.value = percent; }
        // Announce in steps of 25 % so that screen readers are not flooded.
        var step = Math.floor(percent / 25) * 25;
        if (status && step !== lastAnnounced) {
          lastAnnounced = step;
          status.textContent = label.replace('{percent}', String(step));
        }
      });
      xhr.addEventListener('load', function () {
        var target = new URL(form.action, window.location.href);
        var landed = new URL(xhr.responseURL || form.action, window.location.href);
        if (landed.pathname !== target.pathname) {
          // The redirect was followed and its page already holds the one-time notice: show that
          // page (loading it again would lose the notice) at the section the upload came from.
          var section = form.closest('[id]');
          var same = landed.pathname === window.location.pathname;
          var hash = same && section ? '#' + section.id : '';
          window.history.replaceState(null, '', landed.pathname + landed.search + hash);
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener('error', function () { form.submit(); });
      xhr.send(new FormData(form));
    });
  });
})();

// 4. Address lists: choosing a province, city or county fills the next list from
//    /divisions/{code} without reloading the page. Without JavaScript the “Show …” buttons
//    reload the page with the next list.
(function () {
  'use strict';
  var selects = document.querySelectorAll('select[data-fills]');
  if (!selects.length || !window.fetch) { return; }
  Array.prototype.forEach.call(document.querySelectorAll('[data-refresh]'), function (b) { b.hidden = true; });
  function clearFrom(id) {
    var el = document.getElementById(id);
    while (el) {
      el.length = 1;
      var next = el.getAttribute('data-fills');
      el = next ? document.getElementById(next) : null;
    }
  }
  Array.prototype.forEach.call(selects, function (select) {
    select.addEventListener('change', function () {
      var targetId = select.getAttribute('data-fills');
      var target = document.getElementById(targetId);
      if (!target) { return; }
      clearFrom(targetId);
      if (!select.value) { return; }
      var requested = select.value;
      fetch('/divisions/' + encodeURIComponent(requested), { credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : []; })
        .then(function (children) {
          // A later choice may have overtaken this answer.
          if (select.value !== requested) { return; }
          target.length = 1;
          children.forEach(function (c) {
            var option = document.createElement('option');
            option.value = c.code;
            option.textContent = c.name;
            target.appendChild(option);
          });
        })
        .catch(function () { Array.prototype.forEach.call(document.querySelectorAll('[data-refresh]'), function (b) { b.hidden = false; }); });
    });
  });
})();

// 5. A submit button marked data-prevent-double-click ignores a second click while the first
//    submission is on its way (the server is idempotent anyway).
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('[data-prevent-double-click]'), function (button) {
    var form = button.form;
    if (!form) { return; }
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('data-submitted')) { event.preventDefault(); return; }
      form.setAttribute('data-submitted', 'true');
    });
  });
})();

// 6. Conditional questions (GOV.UK “conditionally revealing a related question”): a heading
//    marked data-when="name:value,value" and the questions up to the next heading show only while
//    one of those answers is chosen. Without JavaScript every question shows.
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('h2[data-when]'), function (heading) {
    var rule = heading.getAttribute('data-when').split(':');
    var name = rule[0];
    var values = (rule[1] || '').split(',');
    var group = [heading];
    var el = heading.nextElementSibling;
    while (el && el.tagName !== 'H2' && !el.classList.contains('button-group')) {
      group.push(el);
      el = el.nextElementSibling;
    }
    var radios = document.querySelectorAll('input[type=radio][name="' + name + '"]');
    function update() {
      var chosen = document.querySelector('input[type=radio][name="' + name + '"]:checked');
      var show = !!chosen && values.indexOf(chosen.value) >= 0;
      group.forEach(function (g) { g.hidden = !show; });
    }
    Array.prototype.forEach.call(radios, function (r) { r.addEventListener('change', update); });
    update();
  });
})();

// 7. 亮证 (the certificate shown full screen): keep this card on the device for offline use (a
//    service worker with scope /certificates/), and say when the phone is offline. Without
//    JavaScript the page shows the card as loaded.
(function () {
  'use strict';
  if (!document.body.hasAttribute('data-offline-card')) { return; }
  var note = document.querySelector('[data-offline-note]');
  function update() { if (note) { note.hidden = navigator.onLine !== false; } }
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  update();
  if (!('serviceWorker' in navigator) || !navigator.onLine) { return; }
  // The stylesheet and script under the addresses this page uses (with their content's hash).
  var keep = [window.location.pathname];
  document.querySelectorAll('link[rel=stylesheet][href], script[src]').forEach(function (el) {
    keep.push(el.getAttribute('href') || el.getAttribute('src'));
  });
  var photo = document.querySelector('.present-photo');
  if (photo) { keep.push(photo.getAttribute('src')); }
  navigator.serviceWorker.register('/certificates/sw.js', { scope: '/certificates/' })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      if (registration.active) { registration.active.postMessage({ keep: keep }); }
    })
    .catch(function () { /* the page still shows; it is only not kept */ });
})();

// 8. A print button (the printable application form): shown only with JavaScript, which it
//     needs; without it the browser's own Print does the same.
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
