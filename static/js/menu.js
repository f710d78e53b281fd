// The header's menu on a phone: the links fold behind one button (CSS shows the button
// only on narrow screens). Without this script the links simply wrap.
(function () {
  'use strict';
  var button = document.querySelector('.site-header .menu-toggle');
  var nav = document.getElementById('site-nav');
  if (!button || !nav) return;
  button.closest('.site-header').classList.add('has-menu');
  button.hidden = false;
  function set(open) {
    nav.classList.toggle('open', open);
    button.setAttribute('aria-expanded', String(open));
  }
  button.addEventListener('click', function () { set(!nav.classList.contains('open')); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && nav.classList.contains('open')) { set(false); button.focus(); }
  });
})();
