// Attaches a WebVTT or SRT file to a lesson as captions in one language, and removes
// them again; the server converts and checks the file.
(function () {
  'use strict';
  var config = document.getElementById('upload-config');
  if (!config) return;
  var csrf = config.dataset.csrf;

  function send(method, lessonId, lang, body) {
    return fetch('/api/v1/lessons/' + lessonId + '/captions/' + encodeURIComponent(lang), {
      method: method, credentials: 'same-origin', body: body,
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'text/plain; charset=utf-8' }
    }).then(function (r) {
      if (r.ok) return r;
      return r.json().then(function (j) { throw new Error(j.error.message); });
    });
  }

  document.querySelectorAll('.captions-form').forEach(function (form) {
    var lessonId = form.dataset.lesson;
    var message = form.querySelector('.captions-message');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = form.querySelector('input[type=file]').files[0];
      if (!file) return;
      file.text()
        .then(function (text) { return send('PUT', lessonId, form.querySelector('select').value, text); })
        .then(function () { window.location.reload(); })
        .catch(function (e) { message.textContent = e.message || config.dataset.failed; });
    });
    form.querySelectorAll('.caption-remove').forEach(function (button) {
      button.addEventListener('click', function () {
        send('DELETE', lessonId, button.dataset.lang)
          .then(function () { button.closest('li').remove(); })
          .catch(function (e) { message.textContent = e.message || config.dataset.failed; });
      });
    });
  });
})();
