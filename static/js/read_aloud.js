// "读给我听" on the simplified pages: the browser's own speech synthesis reads the page's
// main text aloud in the page's language, one sentence at a time, marking the part being
// read; the same button stops it. No text leaves the device. Where the device has no
// voice for the language, the button says so instead of staying silent.
(() => {
  const button = document.getElementById('read-aloud');
  const status = document.getElementById('read-aloud-status');
  if (!button || !status) return;
  const words = button.dataset;
  const lang = document.documentElement.lang || 'zh-CN';
  const synth = window.speechSynthesis;
  button.hidden = false;

  // Voices come from the system, and some browsers list them only after a moment.
  const voicesReady = () => new Promise((resolve) => {
    if (!synth) return resolve([]);
    if (synth.getVoices().length) return resolve(synth.getVoices());
    const done = () => resolve(synth.getVoices());
    synth.addEventListener('voiceschanged', done, { once: true });
    setTimeout(done, 2000);
  });
  // A voice for the page's language: the exact one, else any of the language (Mandarin
  // voices may call themselves "cmn").
  const base = lang.toLowerCase().split('-')[0];
  const sameLanguage = (voice) => {
    const code = voice.lang.toLowerCase().replace('_', '-');
    return code.split('-')[0] === base || (base === 'zh' && code.startsWith('cmn'));
  };
  const voiceFor = (voices) => voices.find((v) => v.lang.toLowerCase().replace('_', '-') === lang.toLowerCase())
    ?? voices.find(sameLanguage);

  // What a page marks for reading ([data-read]: a lesson's title and summary, a quiz's
  // question and answers), else its headings, paragraphs and list items, in order.
  function parts() {
    const main = document.getElementById('main');
    let found = [...main.querySelectorAll('[data-read]')];
    if (!found.length) found = [...main.querySelectorAll('h1, h2, h3, p, li, dt, dd, th, td, legend')];
    return found.filter((e) => e.checkVisibility() && e.textContent.trim() && !found.some((o) => o !== e && o.contains(e)));
  }
  const segmenter = new Intl.Segmenter(lang, { granularity: 'sentence' });
  const sentences = (text) => [...segmenter.segment(text.replace(/\s+/g, ' '))].map((s) => s.segment.trim()).filter(Boolean);

  let queue = [];
  let reading = null;   // the element being read
  let run = 0;          // a stopped reading's late events are ignored
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
      if (mine === run && e.error !== 'interrupted' && e.error !== 'canceled') finish(words.failed);
    };
    synth.speak(utterance);
  }

  button.addEventListener('click', async () => {
    if (active) {
      finish();
      synth.cancel();
      return;
    }
    const voice = voiceFor(await voicesReady());
    if (!voice) {
      button.textContent = words.noVoice;
      status.textContent = words.noVoiceHint;
      return;
    }
    finish();
    synth.cancel();
    queue = parts().flatMap((element) => sentences(element.textContent).map((text) => ({ element, text })));
    active = true;
    button.textContent = words.stop;
    status.textContent = words.reading;
    next(voice, run);
  });
  // Leaving the page stops the voice: it would otherwise go on reading the old page.
  addEventListener('pagehide', () => synth?.cancel());
})();
