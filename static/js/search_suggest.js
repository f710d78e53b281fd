// Suggestions as one types in the catalog's search box (course titles, category names),
// in a native <datalist>: the browser shows them under the field, keyboard and screen
// readers included. Without script the search works as before.
(function () {
  const input = document.getElementById('q');
  const list = document.getElementById('search-suggestions');
  if (!input || !list || !window.fetch) return;
  let timer = 0;
  let asked = '';
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q === asked || q.length === 0 || q.length > 100) return;
      asked = q;
      try {
        const r = await fetch('/api/v1/search/suggestions?q=' + encodeURIComponent(q),
          { headers: { Accept: 'application/json' } });
        if (!r.ok || input.value.trim() !== q) return;
        const { suggestions } = await r.json();
        list.replaceChildren(...suggestions.map((s) => {
          const option = document.createElement('option');
          option.value = s.text;
          return option;
        }));
      } catch (e) {
        // No suggestions this time: the search itself still works.
      }
    }, 200);
  });
})();
