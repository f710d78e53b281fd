// A print button where a page is meant to be printed (a learning card): shown only with
// script, since without it the browser's own Print command is the way (the page says so).
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
