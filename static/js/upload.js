// Uploads a lesson's video with tus (resumable): progress, speed, time left, pause and
// resume, automatic retry, and after a reload the same file continues where it stopped.
// Then follows the lesson's transcoding state until it settles.
(function () {
  'use strict';
  var config = document.getElementById('upload-config');
  if (!config || !window.tus) return;
  var text = config.dataset;
  var maxBytes = Number(text.maxMb) * 1024 * 1024;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function megabytes(bytes) { return (bytes / 1048576).toFixed(1) + ' MB'; }
  function duration(seconds) {
    if (!isFinite(seconds)) return '…';
    seconds = Math.max(1, Math.round(seconds));
    return seconds < 60 ? seconds + ' s' : Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
  }
  function serverMessage(error) {
    try { return JSON.parse(error.originalResponse.getBody()).error.message; } catch (e) { return text.failed; }
  }

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
          // One status at a time: the upload's own message gives way to the lesson's.
          var uploadMessage = item.querySelector('.upload-message');
          if (!lesson.is_working && uploadMessage) uploadMessage.textContent = lesson.is_ready ? text.ready : '';
          var stale = item.querySelector('a.preview');
          if (lesson.is_working && stale) stale.remove();
          if (lesson.is_ready && !item.querySelector('a.preview')) {
            var link = document.createElement('a');
            link.className = 'preview';
            link.href = '/lessons/' + lessonId;
            link.textContent = text.preview;
            statusEl.after(link);
          }
          if (!lesson.is_working) clearInterval(timer);
        })
        .catch(function () { /* keep polling */ });
    }, 1500);
  }

  // Speed over the last few seconds, so a stall shows at once rather than being averaged away.
  function speedMeter() {
    var samples = [];
    return function (bytes) {
      var now = Date.now();
      samples.push([now, bytes]);
      while (samples.length > 2 && now - samples[0][0] > 5000) samples.shift();
      var first = samples[0];
      return now > first[0] ? (bytes - first[1]) * 1000 / (now - first[0]) : 0;
    };
  }

  document.querySelectorAll('.upload-form').forEach(function (form) {
    var item = form.closest('li');
    var lessonId = form.dataset.lesson;
    var input = form.querySelector('input[type=file]');
    var bar = form.querySelector('progress');
    var message = form.querySelector('.upload-message');
    var pause = form.querySelector('.upload-pause');
    var statusEl = item.querySelector('.lesson-status');
    var upload = null;
    var paused = false;
    if (statusEl && (statusEl.dataset.status === 'queued' || statusEl.dataset.status === 'transcoding')) follow(item, lessonId);

    pause.addEventListener('click', function () {
      if (!upload) return;
      paused = !paused;
      if (paused) {
        upload.abort();
        message.textContent = text.paused;
      } else {
        upload.start();
      }
      pause.textContent = paused ? text.resume : text.pause;
    });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = input.files[0];
      if (!file) return;
      if (file.size > maxBytes) { message.textContent = text.tooLarge; return; }
      var meter = speedMeter();
      upload = new tus.Upload(file, {
        endpoint: '/api/v1/uploads',
        headers: { 'X-CSRF-Token': text.csrf },
        metadata: { lesson_id: lessonId, filename: file.name, filetype: file.type },
        // A phone may lose the network for a while: keep trying for about five minutes.
        // Parts of 8 MB: each request stays small enough for any proxy in between, and
        // the server keeps even a broken part's bytes, so nothing is sent twice.
        chunkSize: 8 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000, 60000, 60000, 60000],
        removeFingerprintOnSuccess: true,
        fingerprint: function (f) {
          return Promise.resolve(['lifelong', lessonId, f.name, f.size, f.lastModified].join('-'));
        },
        onProgress: function (sent, total) {
          var speed = meter(sent);
          bar.value = Math.floor(sent * 100 / total);
          message.textContent = fill(text.progress, {
            sent: megabytes(sent), total: megabytes(total),
            speed: megabytes(speed) + '/s', left: duration((total - sent) / speed)
          });
        },
        onSuccess: function () {
          bar.value = 100;
          pause.hidden = true;
          message.textContent = text.done;
          follow(item, lessonId);
        },
        onError: function (error) {
          pause.hidden = true;
          message.textContent = serverMessage(error);
        }
      });
      bar.hidden = false;
      bar.value = 0;
      pause.hidden = false;
      paused = false;
      pause.textContent = text.pause;
      message.textContent = '';
      upload.findPreviousUploads().then(function (previous) {
        if (previous.length) {
          message.textContent = text.resuming;
          upload.resumeFromPreviousUpload(previous[0]);
        }
        upload.start();
      });
    });
  });
})();
