// "读给我听" on the simplified pages: the browser's own speech synthesis reads the page's
// main text aloud in the page's language, one sentence at a time, marking the part being
// read; the same button stops it. Only voices of the device itself are used (not a
// browser's online voices), so no text leaves it. Where the device has no such voice for
// the language, the button says so instead of staying silent.
(() => {
  const button = document.getElementById('read-aloud');
  const status = document.getElementById('read-aloud-status');
  if (!button || !status) return;
  const words = button.dataset;
  const lang = document.documentElement.lang || 'zh-CN';
  const synth = window.speechSynthesis;

  // Voices come from the system, and some browsers list them only after a moment.
  const voicesReady = () => new Promise((resolve) => {
    if (!synth) return resolve([]);
    if (synth.getVoices().length) return resolve(synth.getVoices());
    const done = () => resolve(synth.getVoices());
    synth.addEventListener('voiceschanged', done, { once: true });
    setTimeout(done, 2000);
  });
  // The device's best voice for the page's language: the exact one, else the closest
  // (for Chinese: Mandarin of the mainland, then any Mandarin, then Taiwan, then Hong Kong).
  const preference = lang.toLowerCase().startsWith('zh')
    ? [lang.toLowerCase(), 'zh-cn', 'cmn', 'zh', 'zh-tw', 'zh-hk']
    : [lang.toLowerCase(), lang.toLowerCase().split('-')[0]];
  const rank = (voice) => {
    const code = voice.lang.toLowerCase().replace('_', '-');
    const i = preference.findIndex((p) => code === p || code.startsWith(p + '-'));
    return i < 0 ? Infinity : i;
  };
  const voiceFor = (voices) => voices.filter((v) => v.localService && rank(v) < Infinity)
    .sort((a, b) => rank(a) - rank(b))[0];

  const shown = (e) => (e.checkVisibility ? e.checkVisibility() : e.getClientRects().length > 0);
  // What a page marks for reading ([data-read]: a lesson's course, title and summary), else
  // its headings, paragraphs and list items, in order.
  function parts() {
    const main = document.getElementById('main');
    let found = [...main.querySelectorAll('[data-read]')];
    if (!found.length) found = [...main.querySelectorAll('h1, h2, h3, p, li, dt, dd, th, td, legend')];
    return found.filter((e) => shown(e) && e.textContent.trim() && !found.some((o) => o !== e && o.contains(e)));
  }
  const segmenter = window.Intl?.Segmenter ? new Intl.Segmenter(lang, { granularity: 'sentence' }) : null;
  const sentences = (text) => {
    const plain = text.replace(/\s+/g, ' ');
    const pieces = segmenter ? [...segmenter.segment(plain)].map((s) => s.segment) : plain.split(/(?<=[。！？!?.；;])/);
    return pieces.map((s) => s.trim()).filter(Boolean);
  };

  let queue = [];
  let reading = null;   // the element being read
  let run = 0;          // each reading's number: a stopped one's late events are ignored
  let active = false;   // the button's words say which it does: read or stop

  function mark(element) {
    reading?.classList.remove('being-read');
    reading = element;
    element?.classList.add('being-read');
  }
  function finish(message) {
    run += 1;
    queue = [];
    mark(null);
    active = false;
    button.textContent = words.start;
    status.textContent = message ?? '';
  }
  function next(voice, mine) {
    if (mine !== run) return;
    const item = queue.shift();
    if (!item) return finish(words.done);
    mark(item.element);
    const utterance = new SpeechSynthesisUtterance(item.text);
    utterance.lang = lang;
    utterance.voice = voice;
    utterance.rate = 0.9;  // a little slower than the system's usual pace
    utterance.onend = () => next(voice, mine);
    utterance.onerror = (e) => {
      if (mine === run) finish(e.error === 'interrupted' || e.error === 'canceled' ? '' : words.failed);
    };
    synth.speak(utterance);
  }

  button.addEventListener('click', async () => {
    if (active) {
      finish();
      synth.cancel();
      return;
    }
    // Waiting for the voices counts as reading already: a second press stops it.
    finish();
    active = true;
    const mine = run;
    button.textContent = words.stop;
    const voice = voiceFor(await voicesReady());
    if (mine !== run) return;
    if (!voice) {
      finish(words.noVoiceHint);
      button.textContent = words.noVoice;
      return;
    }
    synth.cancel();
    queue = parts().flatMap((element) => sentences(element.textContent).map((text) => ({ element, text })));
    if (!queue.length) return finish(words.nothing);
    status.textContent = words.reading;
    next(voice, mine);
  });
  // Leaving the page stops the voice and the reading; coming back (the back button may
  // restore the page as it was) starts afresh.
  addEventListener('pagehide', () => {
    finish();
    synth?.cancel();
  });
  button.hidden = false;  // last: a browser that failed above shows no button that does nothing
})();
