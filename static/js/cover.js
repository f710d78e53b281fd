// Sends a course's cover picture as the body of one request; the server redraws it.
(function () {
  'use strict';
  var config = document.getElementById('upload-config');
  var form = document.querySelector('.cover-form');
  if (!config || !form) return;
  var message = form.querySelector('.cover-message');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var file = form.querySelector('input[type=file]').files[0];
    if (!file) return;
    message.textContent = '';
    fetch('/api/v1/courses/' + form.dataset.course + '/cover', {
      method: 'PUT', credentials: 'same-origin', body: file,
      headers: { 'X-CSRF-Token': config.dataset.csrf, 'Content-Type': file.type || 'application/octet-stream' }
    }).then(function (r) {
      if (r.ok) { window.location.search = '?done=cover'; return; }
      return r.json().then(function (j) { message.textContent = j.error.message; });
    }).catch(function () { message.textContent = config.dataset.failed; });
  });
})();
