// The simplified pages (长辈版) measured in the browser against the MIIT rules for an
// elderly version and our own limits, on every page type at 360 and 1366 px: text at least
// 18 pt (24 px) and the largest at least 30 pt (40 px); every target at least 60×60 px;
// line height at least 1.3 and paragraphs at least 1.3 line heights apart; 7:1 contrast;
// nothing that appears uninvited; at most six choices in the content of the learning
// pages and under 60 KB before the video and its player script. Then: they work without
// JavaScript, and by keyboard alone (skip link, visible focus, order, the player's buttons).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, axeViolations, demoCourse, issueCard, launch, newResident, screenshot, signIn, switchMode, watchWhole } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FRAUD = '老年人防范电信诈骗';
const WECHAT = '智能手机入门：微信视频通话';
// Quick navigation (MIIT, for mobile websites): everything in landmarks, one main, a
// heading to start from, a way past the header (axe's best-practice rules of these names).
const QUICK_NAVIGATION = ['region', 'landmark-one-main', 'page-has-heading-one', 'bypass'];
const VIDEO_AND_PLAYER = /\/media\/|\/static\/vendor\/hls\.min\.js|\/static\/js\/player\.js/;

// What the page offers, measured as drawn: text under 24 px, the largest text, targets
// under 60×60 px (a box or dot counts with its label, which takes the click too), line
// heights under 1.3, paragraphs with less than 1.3 of their line height above them, the
// choices in <main>, and the bytes of everything loaded except the video and its player
// script.
async function measure(page) {
  return page.evaluate((skip) => {
    const shown = (e) => {
      const r = e.getBoundingClientRect();
      // checkVisibility: not inside a closed <details> (its content keeps a box in Chromium)
      return r.width > 1 && r.height > 1 && getComputedStyle(e).visibility !== 'hidden' && e.checkVisibility();
    };
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + e.className : ''} "${e.textContent.trim().slice(0, 20)}"`;
    const texts = [...document.body.querySelectorAll('*')].filter((e) => shown(e)
      && [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
    const size = (e) => parseFloat(getComputedStyle(e).fontSize);
    const small = texts.filter((e) => size(e) < 24).map(name);
    const largest = Math.max(...texts.map(size));
    const cramped = texts.filter((e) => {
      const lh = getComputedStyle(e).lineHeight;  // "normal" is the font's own, often under 1.3
      return lh === 'normal' || parseFloat(lh) / size(e) < 1.3 - 1e-6;
    }).map((e) => `${name(e)} ${getComputedStyle(e).lineHeight}/${size(e)}px`);
    const close = [...document.querySelectorAll('main p')].filter(shown).filter((p) => {
      const before = p.previousElementSibling;
      if (!before || before.tagName !== 'P' || !shown(before)) return false;
      const gap = p.getBoundingClientRect().top - before.getBoundingClientRect().bottom;
      return gap < 1.3 * parseFloat(getComputedStyle(p).lineHeight) - 0.5;  // the space above it, in its own lines
    }).map(name);
    const targets = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
    const box = (e) => (e.matches('input[type=checkbox], input[type=radio]') && e.closest('label')) || e;
    const tiny = [...document.querySelectorAll(targets)].filter(shown).filter((e) => {
      const r = box(e).getBoundingClientRect();
      return r.width < 60 || r.height < 60;
    }).map((e) => `${name(e)} ${Math.round(box(e).getBoundingClientRect().width)}×${Math.round(box(e).getBoundingClientRect().height)}`);
    const choices = [...document.querySelector('main').querySelectorAll(targets)].filter(shown).length;
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const bytes = entries.filter((e) => !new RegExp(skip).test(e.name)).reduce((sum, e) => sum + e.decodedBodySize, 0);
    return { small, largest, cramped, close, tiny, choices, bytes };
  }, VIDEO_AND_PLAYER.source);
}

// What shows without being asked for, once the page has settled (loaded, and a lesson's
// video ready): any element drawn over the page (fixed or sticky), an open dialog, and any
// element that was not shown at first but is 2 seconds later.
async function uninvited(page) {
  if (await page.$('#player')) {
    await page.waitForFunction(() => document.getElementById('player').readyState >= 1, null, { timeout: 60000 });
  }
  const shownNow = 'body *';
  await page.$$eval(shownNow, (all) => {
    for (const e of all) if (e.checkVisibility() && e.getBoundingClientRect().width > 1) e.dataset.seenAtFirst = '1';
  });
  await page.waitForTimeout(2000);
  return page.$$eval(shownNow, (all) => {
    const name = (e) => `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''}`;
    const shown = all.filter((e) => e.checkVisibility() && e.getBoundingClientRect().width > 1);
    const later = shown.filter((e) => !e.dataset.seenAtFirst).map((e) => `appeared: ${name(e)}`);
    const over = shown.filter((e) => ['fixed', 'sticky'].includes(getComputedStyle(e).position)).map((e) => `over the page: ${name(e)}`);
    const dialogs = all.filter((e) => e.matches('dialog[open], [role=dialog], [aria-modal=true]')).map((e) => `dialog: ${name(e)}`);
    return [...later, ...over, ...dialogs];
  });
}

// A resident in the simplified mode with one course in progress and one completed.
async function olderLearner() {
  const fraud = await demoCourse(FRAUD);
  const wechat = await demoCourse(WECHAT);
  const person = await newResident('冯阿姨');
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signIn(page, person.username, person.password);
  await switchMode(page, 'simple');
  await api(page, 'PUT', `/api/v1/courses/${fraud.id}/enrolment`);
  await api(page, 'POST', `/api/v1/lessons/${fraud.lessons[0].id}/progress`, { ranges: [[0, 5]], position_ms: 5000 });
  await api(page, 'PUT', `/api/v1/courses/${wechat.id}/enrolment`);
  await watchWhole(page, wechat.lessons[0].id);
  return { context, page, person, fraud, wechat };
}

test('every simplified page type meets the elderly-version rules at 360 and 1366 px', async () => {
  const { context, page, fraud, wechat } = await olderLearner();
  const anonymous = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  await anonymous.addCookies([{ name: 'll_mode', value: 'simple', url: BASE }]);
  const visitor = await anonymous.newPage();
  const staff = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const desk = await staff.newPage();
  await signIn(desk, 'demo_staff');
  const cardHolder = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const card = await cardHolder.newPage();
  const cardPath = await issueCard(desk, '钱奶奶');
  await page.goto(`${BASE}/me/certificates/${wechat.id}`);
  const code = (await page.textContent('#verification-code')).trim();
  const popups = [];
  for (const c of [context, anonymous, cardHolder]) c.on('page', (p) => popups.push(p.url()));
  // [page, path, whether it is one of the learning pages held to six choices]
  const pages = [
    [page, '/', true], [page, `/courses/${fraud.id}`, true], [page, `/lessons/${fraud.lessons[0].id}`, true],
    [page, `/lessons/${fraud.lessons[1].id}`, true], [page, '/me/learning', true],
    [page, `/me/certificates/${wechat.id}`, false], [page, '/account', false], [page, '/activities', false],
    [page, '/me/favourites', true], [page, '/me/messages', false], [page, `/courses/${fraud.id}/rate`, false],
    [page, `/?q=${encodeURIComponent('微信')}`, true], [page, '/courses/999999999', false],
    [visitor, '/', true], [visitor, `/courses/${wechat.id}`, true], [visitor, '/login', false],
    [visitor, '/register', false], [visitor, '/verify', false], [visitor, `/verify/${code}`, false],
    [visitor, '/password/forgot', false], [visitor, '/privacy', false], [card, cardPath, true],
  ];
  const problems = [];
  for (const p of [page, visitor, card]) {
    p.on('dialog', (d) => { problems.push(`${p.url()}: a dialog: ${d.message()}`); d.dismiss(); });
    p.on('download', (d) => problems.push(`${p.url()}: a download: ${d.suggestedFilename()}`));
  }
  for (const viewport of [{ width: 360, height: 800 }, { width: 1366, height: 768 }]) {
    for (const [p, path, learning] of pages) {
      await p.setViewportSize(viewport);
      await p.goto(`${BASE}${path}`, { waitUntil: 'load' });
      const where = `${path} at ${viewport.width} px`;
      assert.ok(await p.evaluate(() => document.documentElement.classList.contains('simple')), where);
      const m = await measure(p);
      if (m.small.length) problems.push(`${where}: text under 24 px: ${m.small.slice(0, 4).join(', ')}`);
      if (m.largest < 40) problems.push(`${where}: the largest text is ${m.largest} px, under 40`);
      if (m.cramped.length) problems.push(`${where}: line height under 1.3: ${m.cramped.slice(0, 4).join(', ')}`);
      if (m.close.length) problems.push(`${where}: paragraphs closer than 1.3 lines: ${m.close.slice(0, 4).join(', ')}`);
      if (m.tiny.length) problems.push(`${where}: targets under 60×60 px: ${m.tiny.slice(0, 4).join(', ')}`);
      if (learning && m.choices > 6) problems.push(`${where}: ${m.choices} choices`);
      if (m.bytes >= 60 * 1024) problems.push(`${where}: ${m.bytes} bytes`);
      if (m.bytes === 0) problems.push(`${where}: nothing measured`);  // the measure itself must see the page
      for (const v of await axeViolations(p, true, QUICK_NAVIGATION)) problems.push(`${where}: ${v}`);
      if (viewport.width === 360) {
        for (const u of await uninvited(p)) problems.push(`${where}: ${u}`);
        console.log(`simplified ${path}: ${m.bytes} bytes, ${m.choices} choices in the content, largest text ${m.largest} px`);
      }
    }
  }
  if (popups.length) problems.push(`windows opened: ${popups.join(', ')}`);
  assert.deepEqual(problems, []);
  for (const c of [anonymous, staff, cardHolder, context]) await c.close();
});

test('the simplified pages work with JavaScript off, except for the video itself', async () => {
  const fraud = await demoCourse(FRAUD);
  const person = await newResident('卫大爷');
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN', javaScriptEnabled: false });
  await context.addCookies([{ name: 'll_mode', value: 'simple', url: BASE }]);
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('#username', person.username);
  await page.fill('#password', person.password);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('main button[type=submit]')]);
  // Signing in moved the cookie's choice onto the account.
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('simple')));
  await Promise.all([page.waitForURL(`${BASE}/courses/${fraud.id}`), page.click(`.simple-list a[href="/courses/${fraud.id}"]`)]);
  await Promise.all([page.waitForURL(`${BASE}/lessons/${fraud.lessons[0].id}`), page.click('form[action$="/enrol"] button')]);
  assert.equal(await page.isVisible('.simple-controls'), false, 'the player buttons need the script: hidden');
  assert.match(await page.textContent('main'), /JavaScript/);
  await Promise.all([page.waitForURL(`${BASE}/lessons/${fraud.lessons[1].id}`), page.click('.lesson-nav a')]);
  await Promise.all([page.waitForURL(`${BASE}/courses/${fraud.id}`), page.click('.lesson-nav a')]);  // the last: back
  await Promise.all([page.waitForURL(`${BASE}/me/learning`), page.click('a[href="/me/learning"]')]);
  assert.match(await page.textContent('main'), new RegExp(FRAUD));
  // Signed in, the switch is a form (it changes the account): it works without scripts too.
  await Promise.all([
    page.waitForResponse((r) => r.url() === `${BASE}/me/learning` && r.request().method() === 'GET'),
    page.click('.site-header .mode-switch'),
  ]);
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('simple')), false);
  await screenshot(page, 'no-javascript-standard-360x800');
  await context.close();
});

test('keyboard only: skip link, visible focus in document order, and the player by its buttons', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const e = document.activeElement;
    const r = e.getBoundingClientRect();
    return { cls: e.className, inView: r.left >= 0 && r.top >= 0 && r.right <= innerWidth, outline: getComputedStyle(e).outlineStyle };
  });
  assert.deepEqual(skip, { cls: 'skip-link', inView: true, outline: 'solid' });
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  // Each further Tab moves forward in the document and shows where it is.
  await page.focus('.skip-link');
  let previous = await page.evaluateHandle(() => document.activeElement);
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const step = await page.evaluate((prev) => {
      const e = document.activeElement;
      const style = getComputedStyle(e);
      return { forward: Boolean(prev.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING),
        visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, what: e.outerHTML.slice(0, 60) };
    }, previous);
    assert.ok(step.forward, `Tab ${i + 1} went backwards to ${step.what}`);
    assert.ok(step.visible, `no visible focus on ${step.what}`);
    previous = await page.evaluateHandle(() => document.activeElement);
  }

  // A form error is tied to its field: typed with the keyboard, refused, announced.
  await page.goto(`${BASE}/register`);
  await page.focus('#username');
  await page.keyboard.type('demo_learner');  // taken
  await page.keyboard.press('Tab');
  await page.keyboard.type('键盘用户');
  await page.focus('#password');
  await page.keyboard.type('a long password 2026');
  await page.selectOption('#org_unit_id', await page.$eval('#org_unit_id option[value]:not([value=""])', (o) => o.value));
  await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
  await page.waitForSelector('#register-error');
  const error = await page.evaluate(() => {
    const field = document.getElementById('username');
    const ids = (field.getAttribute('aria-describedby') || '').split(' ');
    return { invalid: field.getAttribute('aria-invalid'), message: ids.map((id) => document.getElementById(id)?.getAttribute('role')) };
  });
  assert.equal(error.invalid, 'true', await page.textContent('#register-error'));
  assert.ok(error.message.includes('alert'), 'the error message describes the field');

  // The simplified player: play, slower, captions off, all from the keyboard.
  const { context: learnerContext, page: learner, fraud } = await olderLearner();
  await learner.goto(`${BASE}/lessons/${fraud.lessons[0].id}`);
  await learner.waitForFunction(() => document.getElementById('player').readyState >= 1, null, { timeout: 60000 });
  await learner.evaluate(() => { document.getElementById('player').muted = true; });
  await learner.focus('#play-toggle');
  await learner.keyboard.press('Enter');
  await learner.waitForFunction(() => !document.getElementById('player').paused);
  // The button's words follow the 'play' event, which comes a moment after playing starts.
  await learner.waitForFunction(() => /暂停/.test(document.getElementById('play-toggle').textContent), null, { timeout: 5000 })
    .catch(() => {});
  assert.match(await learner.textContent('#play-toggle'), /暂停/);
  await learner.keyboard.press('Tab');  // back 10 seconds
  await learner.keyboard.press('Tab');  // captions
  await learner.keyboard.press('Enter');
  assert.equal(await learner.evaluate(() => document.getElementById('player').textTracks[0].mode), 'disabled');
  assert.match(await learner.textContent('#captions-toggle'), /关/);
  await learner.keyboard.press('Tab');  // fullscreen
  await learner.keyboard.press('Tab');  // the speeds, behind one button
  await learner.keyboard.press('Enter');
  await learner.keyboard.press('Tab');  // slower
  await learner.keyboard.press('Space');
  assert.equal(await learner.evaluate(() => document.getElementById('player').playbackRate), 0.75);
  assert.equal(await learner.getAttribute('.speed button[data-rate="0.75"]', 'aria-pressed'), 'true');
  await learnerContext.close();
  await context.close();
});
