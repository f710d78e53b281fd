// Sends the administration page's forms to the JSON API and shows what went wrong in
// the form itself (for a CSV import, line by line).
(function () {
  'use strict';
  var config = document.getElementById('admin-config');
  if (!config) return;
  var csrf = config.dataset.csrf;

  function bodyOf(form) {
    if (form.hasAttribute('data-csv')) {
      var file = form.querySelector('input[type=file]').files[0];
      // The file's own bytes: the server also reads GBK, which spreadsheet programs write.
      return Promise.resolve({ type: 'text/csv', data: file || form.querySelector('textarea').value });
    }
    var json = {};
    form.querySelectorAll('input[name], select[name]').forEach(function (field) {
      if (field.hasAttribute('data-path-suffix')) return;
      json[field.name] = field.hasAttribute('data-number') ? Number(field.value) : field.value;
    });
    return Promise.resolve({ type: 'application/json', data: JSON.stringify(json) });
  }

  function showError(form, error) {
    var box = form.querySelector('.form-message');
    box.textContent = error.message || config.dataset.failed;
    if (error.lines) {
      var list = document.createElement('ul');
      error.lines.forEach(function (p) {
        var item = document.createElement('li');
        item.textContent = config.dataset.line.replace('{line}', p.line) + ' ' + p.message + (p.value ? ' ' + p.value : '');
        list.appendChild(item);
      });
      box.appendChild(list);
    }
  }

  document.querySelectorAll('.api-form').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
      var action = form.dataset.action;
      var suffix = form.querySelector('[data-path-suffix]');
      if (suffix) action += suffix.value;
      var box = form.querySelector('.form-message');
      box.textContent = '';
      bodyOf(form).then(function (body) {
        var method = form.dataset.method;
        var init = { method: method, credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } };
        if (method !== 'DELETE') {
          init.headers['Content-Type'] = body.type;
          init.body = body.data;
        }
        return fetch(action, init);
      }).then(function (response) {
        if (!response.ok) {
          return response.json().then(function (j) { showError(form, j.error); }, function () { showError(form, {}); });
        }
        if (form.hasAttribute('data-csv')) {
          return response.json().then(function (s) {
            box.textContent = config.dataset.imported.replace('{created}', s.created)
              .replace('{updated}', s.updated).replace('{unchanged}', s.unchanged);
          });
        }
        window.location.reload();
      }).catch(function () { showError(form, {}); });
    });
  });
})();
