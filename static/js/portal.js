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
