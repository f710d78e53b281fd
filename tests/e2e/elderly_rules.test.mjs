// The MIIT rules for elderly-friendly sites that are more than sizes: a prominent way into
// the simplified pages (长辈版) on every page, a first-visit offer that can be declined for
// good, an entry in the account's settings, an extra-large pointer on computers, and
// "读给我听" reading the page aloud with the browser's own speech synthesis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, demoCourse, launch, newResident, signIn, switchMode } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FRAUD = '老年人防范电信诈骗';
const PHONE = { viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const COMPUTER = { viewport: { width: 1366, height: 768 }, locale: 'zh-CN' };

// Clicks and waits for the page the click leads to (often the same address again).
const clickThrough = (page, selector) => Promise.all([page.waitForEvent('load'), page.click(selector)]);
const isSimple = (page) => page.evaluate(() => document.documentElement.classList.contains('simple'));

// The header's way into the simplified pages, as drawn: shown without opening the phone's menu.
async function entry(page) {
  return page.$eval('.site-header .mode-entry', (e) => {
    const r = e.getBoundingClientRect();
    return { shown: e.checkVisibility() && r.top < innerHeight, height: r.height, words: e.textContent.trim() };
  });
}

test('a first visit offers the simplified pages; declining is for good, and the header keeps the way in', async () => {
  for (const device of [PHONE, COMPUTER]) {
    const context = await browser.newContext(device);
    const page = await context.newPage();
    await page.goto(`${BASE}/`);
    const where = `at ${device.viewport.width} px`;
    const way = await entry(page);
    assert.equal(way.shown, true, where);
    assert.equal(way.words, '长辈版', where);
    assert.ok(way.height >= 44, `${where}: ${way.height} px high`);
    // The offer is part of the page under the header, not a window over it.
    const offer = await page.$eval('.mode-prompt', (e) => ({
      position: getComputedStyle(e).position, after: e.previousElementSibling.matches('.site-header'), words: e.textContent,
    }));
    assert.equal(offer.position, 'static', where);
    assert.ok(offer.after, where);
    assert.match(offer.words, /长辈版/);
    await clickThrough(page, '.mode-prompt a[href^="/mode-prompt/no"]');
    assert.equal(await page.$('.mode-prompt'), null, `${where}: declined`);
    const cookie = (await context.cookies()).find((c) => c.name === 'll_prompt');
    assert.ok(cookie.expires * 1000 > Date.now() + 399 * 24 * 3600 * 1000, 'remembered as long as the browser keeps a cookie');
    await page.goto(`${BASE}/register`);
    assert.equal(await page.$('.mode-prompt'), null, `${where}: still declined on another page`);
    assert.equal((await entry(page)).shown, true, `${where}: the way in stays`);
    await context.close();
  }

  // Taking the offer: the simplified pages at once, and no offer back on the standard ones.
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE}/register`);
  await clickThrough(page, '.mode-prompt a[href^="/mode/simple"]');
  assert.ok(await isSimple(page));
  await switchMode(page, 'standard');
  assert.equal(await page.$('.mode-prompt'), null);
  await context.close();

  // A person signed in is not offered it: their account holds the choice (see the settings).
  const person = await newResident('褚阿姨');
  const signedIn = await browser.newContext(PHONE);
  const own = await signedIn.newPage();
  await signIn(own, person.username, person.password);
  assert.equal(await own.$('.mode-prompt'), null);
  assert.equal((await entry(own)).shown, true);
  await signedIn.close();
});

test('the account page sets the simplified pages on and off', async () => {
  const person = await newResident('蒋大爷');
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await signIn(page, person.username, person.password);
  await page.goto(`${BASE}/account`);
  assert.match(await page.textContent('.display-settings'), /现在用的是标准版/);
  await clickThrough(page, '.display-settings button[type=submit]');
  assert.ok(await isSimple(page));
  assert.match(await page.textContent('.display-settings'), /现在用的是长辈版/);
  await page.goto(`${BASE}/`);
  assert.ok(await isSimple(page), 'the account keeps it');
  await page.goto(`${BASE}/account`);
  await clickThrough(page, '.display-settings button[type=submit]');
  assert.equal(await isSimple(page), false);
  await context.close();
});

test('on a computer the simplified pages offer an extra-large pointer; a phone is not offered one', async () => {
  const computer = await browser.newContext(COMPUTER);
  await computer.addCookies([{ name: 'll_mode', value: 'simple', url: BASE }]);
  const page = await computer.newPage();
  await page.goto(`${BASE}/login`);
  const cursor = (selector) => page.$eval(selector, (e) => getComputedStyle(e).cursor);
  assert.doesNotMatch(await cursor('main'), /pointer-large/);
  await clickThrough(page, '.pointer-choice a');
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large-pointer')));
  assert.match(await cursor('main'), /pointer-large\.svg/);
  assert.match(await cursor('main button[type=submit]'), /pointer-hand-large\.svg/);
  assert.match(await cursor('.site-header a'), /pointer-hand-large\.svg/);
  // Drawn at 64×64 px, four times the area of the usual 32 px pointer.
  const sizes = await page.evaluate(() => Promise.all(['pointer-large', 'pointer-hand-large'].map((name) => new Promise((done) => {
    const img = new Image();
    img.onload = () => done([img.naturalWidth, img.naturalHeight]);
    img.onerror = () => done(null);
    img.src = `/static/img/${name}.svg`;
  }))));
  assert.deepEqual(sizes, [[64, 64], [64, 64]]);
  // It holds across pages, the account page can turn it off, and the standard pages keep the usual one.
  const person = await newResident('沈奶奶');
  await signIn(page, person.username, person.password);
  await page.goto(`${BASE}/account`);
  assert.ok(await isSimple(page), 'the device\'s choice became the account\'s at sign-in');
  await clickThrough(page, '.pointer-setting a');
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('large-pointer')), false);
  await computer.close();

  const phone = await browser.newContext(PHONE);
  await phone.addCookies([{ name: 'll_mode', value: 'simple', url: BASE }]);
  const small = await phone.newPage();
  await small.goto(`${BASE}/login`);
  assert.equal(await small.isVisible('.pointer-choice'), false, 'a phone has no pointer to enlarge');
  await phone.close();
});

test('读给我听: where the device has no voice for the language, the button says so', async () => {
  // Chromium here runs without the system's speech service, as on most servers: no voices.
  const fraud = await demoCourse(FRAUD);
  const person = await newResident('韩阿姨');
  const context = await browser.newContext(PHONE);
  await context.addCookies([{ name: 'll_mode', value: 'simple', url: BASE }]);
  const page = await context.newPage();
  await signIn(page, person.username, person.password);
  await page.goto(`${BASE}/courses/${fraud.id}`);
  assert.equal(await page.evaluate(() => new Promise((done) => setTimeout(() => done(speechSynthesis.getVoices().length), 1500))), 0,
    'this test needs a browser without voices');
  await page.click('#read-aloud');
  await page.waitForFunction(() => /不能朗读中文/.test(document.getElementById('read-aloud').textContent), null, { timeout: 5000 });
  assert.match(await page.textContent('#read-aloud-status'), /文字转语音/);
  assert.equal(await page.$('.being-read'), null);
  await context.close();
});

// The system's voices stood in for by a recorder, since no voice can speak here: it keeps
// each sentence handed to it with its language and voice, and ends one only when told.
// A cancelled sentence reports "interrupted" a moment later, as browsers do, and the test
// can also end it late. `voices` is the device's list.
function recordingVoice(voices) {
  const spoken = [];
  let current = null;
  let cancelled = null;
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  Object.defineProperty(window, 'speechSynthesis', { value: {
    getVoices: () => voices,
    addEventListener() {},
    speak(u) { spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name }); current = u; },
    cancel() {
      const u = current;
      if (!u) return;
      cancelled = u;
      current = null;
      setTimeout(() => u.onerror?.({ error: 'interrupted' }), 10);
    },
  } });
  window.recorded = {
    spoken,
    end() { const u = current; current = null; u?.onend?.(); },
    endCancelledLate() { cancelled?.onend?.(); },
  };
}
const DEVICE_VOICES = [{ lang: 'zh-HK', name: '粤语', localService: true }, { lang: 'zh-CN', name: '普通话', localService: true },
  { lang: 'en-US', name: 'English', localService: true }];

test('读给我听 says so where the device has no voice of its own for the page\'s language', async () => {
  const fraud = await demoCourse(FRAUD);
  // An English voice only, and a Chinese voice of an online service only: neither reads this page.
  for (const voices of [[{ lang: 'en-US', name: 'English', localService: true }],
    [{ lang: 'zh-CN', name: 'Online Mandarin', localService: false }]]) {
    const context = await browser.newContext(PHONE);
    await context.addCookies([{ name: 'll_mode', value: 'simple', url: BASE }]);
    await context.addInitScript(recordingVoice, voices);
    const page = await context.newPage();
    await page.goto(`${BASE}/courses/${fraud.id}`);
    await page.click('#read-aloud');
    await page.waitForFunction(() => /不能朗读中文/.test(document.getElementById('read-aloud').textContent), null, { timeout: 5000 });
    assert.match(await page.textContent('#read-aloud-status'), /文字转语音/);
    assert.deepEqual(await page.evaluate(() => window.recorded.spoken), [], voices[0].name);
    await context.close();
  }
});

test('读给我听 reads a lesson\'s course, title and summary sentence by sentence in the page\'s language, and stops', async () => {
  const fraud = await demoCourse(FRAUD);
  const person = await newResident('杨大爷');
  const context = await browser.newContext(PHONE);
  await context.addCookies([{ name: 'll_mode', value: 'simple', url: BASE }]);
  await context.addInitScript(recordingVoice, DEVICE_VOICES);
  const page = await context.newPage();
  await signIn(page, person.username, person.password);
  await page.goto(`${BASE}/courses/${fraud.id}`);
  await Promise.all([page.waitForURL(/\/lessons\//), page.click('form[action$="/enrol"] button')]);
  assert.equal(await page.textContent('#read-aloud'), '读给我听');
  const spoken = () => page.evaluate(() => window.recorded.spoken.map((s) => s.text));
  const reading = () => page.$eval('.being-read', (e) => [e.tagName.toLowerCase(), ...[...e.classList].filter((c) => c !== 'being-read')].join('.'));
  await page.click('#read-aloud');
  await page.waitForFunction(() => window.recorded.spoken.length === 1);
  assert.equal(await page.textContent('#read-aloud'), '停止朗读');
  assert.match(await page.textContent('#read-aloud-status'), /正在朗读/);
  assert.deepEqual(await spoken(), [FRAUD], 'one sentence at a time');
  assert.equal(await reading(), 'p.crumbs');
  assert.deepEqual(await page.evaluate(() => window.recorded.spoken[0]), { text: FRAUD, lang: 'zh-CN', voice: '普通话' });
  await page.evaluate(() => window.recorded.end());
  assert.equal((await spoken())[1], fraud.lessons[0].title);
  assert.equal(await reading(), 'h1');
  await page.evaluate(() => window.recorded.end());
  assert.equal(await reading(), 'p.lesson-about');
  assert.equal((await spoken())[2], '识别冒充公检法、保健品推销和“中奖”短信等常见骗局，守好养老钱。');
  // Stop: the voice is cancelled and nothing is marked.
  await page.click('#read-aloud');
  assert.equal(await page.textContent('#read-aloud'), '读给我听');
  assert.equal(await page.$('.being-read'), null);
  // Read again: a late end of the stopped sentence does not move the new reading on.
  await page.click('#read-aloud');
  await page.waitForFunction(() => window.recorded.spoken.length === 4);
  await page.waitForTimeout(50);  // the cancelled sentence's "interrupted" has come and gone
  await page.evaluate(() => window.recorded.endCancelledLate());
  assert.equal((await spoken()).length, 4, 'the stopped reading moved the new one on');
  assert.equal(await reading(), 'p.crumbs');
  // Read to the end: it says so.
  for (let i = 0; i < 3; i++) await page.evaluate(() => window.recorded.end());
  assert.equal(await page.textContent('#read-aloud'), '读给我听');
  assert.match(await page.textContent('#read-aloud-status'), /读完了/);
  assert.deepEqual((await spoken()).slice(3), (await spoken()).slice(0, 3));

  // In English: an English voice, and a page without marked parts reads its heading, then its text, in order.
  await context.addCookies([{ name: 'lang', value: 'en', url: BASE }]);
  await page.goto(`${BASE}/me/learning`);
  await page.click('#read-aloud');
  await page.waitForFunction(() => window.recorded.spoken.length === 1);  // a new page: a new recorder
  const first = await page.evaluate(() => window.recorded.spoken[0]);
  assert.deepEqual(first, { text: (await page.textContent('main h1')).trim(), lang: 'en', voice: 'English' });
  await page.evaluate(() => window.recorded.end());
  assert.equal((await spoken()).at(-1), (await page.textContent('main dt')).trim(), 'then the first figure, as on the page');
  await page.click('#read-aloud');
  await context.close();
});
