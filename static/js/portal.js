// Progressive enhancement only: every task works without this file.
// 1. Move focus to the error summary when a form comes back with errors.
// 2. Session timeout warning (WCAG 2.2.1): a dialog two minutes before the idle timeout, with a
//    "stay signed in" button that extends the session without leaving the page.
(function () {
  'use strict';
  var summary = document.querySelector('[data-error-summary]');
  if (summary) { summary.focus(); }

  var bar = document.getElementById('session-timeout');
  var dialog = document.getElementById('timeout-dialog');
  if (!bar || !dialog || typeof dialog.showModal !== 'function') { return; }
  var expires = parseInt(bar.getAttribute('data-expires'), 10) * 1000;
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

  var extendButton = dialog.querySelector('[data-extend]');
  extendButton.addEventListener('click', function (event) {
    var form = extendButton.form;
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
      if (!data || !data.expires) { return; }
      expires = data.expires * 1000;
      dialog.close();
      schedule();
    }).catch(function () { form.submit(); });
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
          window.location.href = landed.href;
          return;
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
