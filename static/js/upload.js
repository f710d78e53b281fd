// Uploads a lesson's video as the raw request body (streamed to disk by the server),
// shows progress, then follows the lesson's transcoding state until it settles.
(function () {
  'use strict';
  var config = document.getElementById('upload-config');
  if (!config) return;
  var csrf = config.dataset.csrf;
  var maxBytes = Number(config.dataset.maxMb) * 1024 * 1024;

  function follow(item, lessonId) {
    var statusEl = item.querySelector('.lesson-status');
    var timer = setInterval(function () {
      fetch('/api/v1/lessons/' + lessonId, { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (lesson) {
          statusEl.dataset.status = lesson.status;
          statusEl.textContent = lesson.status_text + (lesson.is_working ? ' ' + lesson.progress_pct + '%' : '');
          var failure = item.querySelector('.lesson-failure');
          if (lesson.is_failed) {
            if (!failure) {
              failure = document.createElement('p');
              failure.className = 'error lesson-failure';
              failure.setAttribute('role', 'alert');
              statusEl.after(failure);
            }
            failure.textContent = lesson.failure_message;
          } else if (failure) {
            failure.remove();
          }
          if (lesson.is_ready && !item.querySelector('a.preview')) {
            var link = document.createElement('a');
            link.className = 'preview';
            link.href = '/lessons/' + lessonId;
            link.textContent = config.dataset.preview;
            statusEl.after(link);
          }
          if (!lesson.is_working) clearInterval(timer);
        })
        .catch(function () { /* keep polling */ });
    }, 1500);
  }

  document.querySelectorAll('.upload-form').forEach(function (form) {
    var item = form.closest('li');
    var lessonId = form.dataset.lesson;
    var input = form.querySelector('input[type=file]');
    var bar = form.querySelector('progress');
    var message = form.querySelector('.upload-message');
    var statusEl = item.querySelector('.lesson-status');
    if (statusEl && (statusEl.dataset.status === 'queued' || statusEl.dataset.status === 'transcoding')) follow(item, lessonId);

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = input.files[0];
      if (!file) return;
      if (file.size > maxBytes) { message.textContent = config.dataset.tooLarge; return; }
      var xhr = new XMLHttpRequest();
      xhr.open('PUT', '/api/v1/lessons/' + lessonId + '/video');
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      bar.hidden = false;
      bar.value = 0;
      message.textContent = '';
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(e.loaded * 100 / e.total); };
      xhr.onload = function () {
        if (xhr.status === 202) {
          bar.value = 100;
          message.textContent = config.dataset.done;
          follow(item, lessonId);
        } else {
          var text = config.dataset.failed;
          try { text = JSON.parse(xhr.responseText).error.message; } catch (e) { /* keep the generic text */ }
          message.textContent = text;
        }
      };
      xhr.onerror = function () { message.textContent = config.dataset.failed; };
      xhr.send(file);
    });
  });
})();
