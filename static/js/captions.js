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

  // Says what happened next to the form, in words, and keeps the list as the server has it.
  function wireRemove(form, button) {
    var message = form.querySelector('.captions-message');
    button.addEventListener('click', function () {
      if (!window.confirm(config.dataset.captionsRemoveQuestion)) return;
      send('DELETE', form.dataset.lesson, button.dataset.lang)
        .then(function () {
          button.closest('li').remove();
          message.textContent = config.dataset.captionsRemoved;
        })
        .catch(function (e) { message.textContent = e.message || config.dataset.failed; });
    });
  }

  document.querySelectorAll('.captions-form').forEach(function (form) {
    var lessonId = form.dataset.lesson;
    var message = form.querySelector('.captions-message');
    var list = form.querySelector('.caption-list');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var input = form.querySelector('input[type=file]');
      var select = form.querySelector('select');
      var file = input.files[0];
      if (!file) return;
      var lang = select.value;
      var label = select.options[select.selectedIndex].text;
      message.textContent = '';
      file.text()
        .then(function (text) { return send('PUT', lessonId, lang, text); })
        .then(function () {
          var old = list.querySelector('li[data-lang="' + lang + '"]');
          if (old) old.remove();
          var item = document.createElement('li');
          item.dataset.lang = lang;
          item.textContent = label + ' ';
          var remove = document.createElement('button');
          remove.type = 'button';
          remove.className = 'button caption-remove';
          remove.dataset.lang = lang;
          remove.textContent = config.dataset.captionsRemove;
          item.appendChild(remove);
          list.appendChild(item);
          wireRemove(form, remove);
          input.value = '';
          message.textContent = config.dataset.captionsAdded.replace('{language}', label);
        })
        .catch(function (e) { message.textContent = e.message || config.dataset.failed; });
    });
    form.querySelectorAll('.caption-remove').forEach(function (button) { wireRemove(form, button); });
  });
})();
