// The older learner's path at 360×800: community staff hand over a learning card; its
// address signs the phone in; the simplified home offers courses for older learners; the
// lesson plays with captions on, large, below a full-width picture, with the time played
// and left, back 10 seconds and fullscreen; later "continue watching" resumes where it
// stopped. The simplified header offers at most three choices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, demoCourse, launch, screenshot, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FRAUD = '老年人防范电信诈骗';  // its first lesson (16 s) has captions

test('with a learning card: scan, home, watch, and continue watching resumes at the saved position', async () => {
  const course = await demoCourse(FRAUD);
  const desk = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const staff = await desk.newPage();
  await signIn(staff, 'demo_staff');
  await staff.goto(`${BASE}/staff/cards`);
  const name = `褚奶奶${Date.now() % 100000}`;
  await staff.fill('#display_name', name);
  await staff.selectOption('#org_unit_id', await staff.$eval('#org_unit_id option[value]:not([value=""])', (o) => o.value));
  await staff.click('form[action="/staff/cards"] button');
  const cardUrl = (await staff.textContent('.card-url')).trim();  // what the printed QR code holds
  await desk.close();

  const phone = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await phone.newPage();
  await page.goto(cardUrl);
  // The card's own page is already the simplified one, without 注册 in its header.
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('simple')), 'the card page is simplified');
  assert.equal(await page.$('.site-header a[href="/register"]'), null);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action^="/card/"] button')]);
  // Card accounts start in the simplified pages; nothing watched yet, so the list comes first.
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('simple')));
  assert.equal(await page.$('.continue-watching'), null);
  const headerChoices = () => page.$$eval('.site-header nav :is(a[href], button)', (all) => all.filter((e) => e.getBoundingClientRect().width > 1).length);
  assert.ok(await headerChoices() <= 3, `${await headerChoices()} choices in the simplified header`);
  await screenshot(page, 'older-learner-1-home');
  await Promise.all([page.waitForURL(`${BASE}/courses/${course.id}`), page.click(`.simple-list a[href="/courses/${course.id}"]`)]);
  // One big "开始学习": it enrols and plays the first lesson, no separate step.
  await Promise.all([page.waitForURL(`${BASE}/lessons/${course.lessons[0].id}`), page.click('form[action$="/enrol"] button')]);

  // The big play button; captions are on without asking.
  await page.waitForFunction(() => document.getElementById('player').readyState >= 1, null, { timeout: 60000 });
  // (The track is 'hidden': the page shows its cues itself, in #caption-line.)
  assert.equal(await page.evaluate(() => document.getElementById('player').textTracks[0].mode), 'hidden');
  assert.ok(await page.isVisible('#caption-line'));
  await page.evaluate(() => { document.getElementById('player').muted = true; });
  await page.click('#play-toggle');
  await page.waitForFunction(() => document.getElementById('player').currentTime >= 5, null, { timeout: 30000 });
  // The captions are drawn below the picture, at least as large as the page's text, white on black.
  await page.waitForFunction(() => document.getElementById('caption-line').textContent.trim() !== '', null, { timeout: 10000 });
  const look = await page.evaluate(() => {
    const line = getComputedStyle(document.getElementById('caption-line'));
    return { caption: parseFloat(line.fontSize), text: parseFloat(getComputedStyle(document.querySelector('main')).fontSize),
      colours: [line.color, line.backgroundColor], video: document.getElementById('player').getBoundingClientRect().width,
      page: document.documentElement.clientWidth, time: document.getElementById('play-time').textContent };
  });
  assert.ok(look.caption >= look.text && look.text >= 24, JSON.stringify(look));
  assert.deepEqual(look.colours, ['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
  assert.equal(look.video, look.page, 'the picture is as wide as the phone');
  assert.match(look.time, /^已播放 0:0\d，还剩 0:\d\d$/);
  const saved = page.waitForResponse((r) => r.url().endsWith('/progress') && r.request().method() === 'POST' && r.ok());
  await page.click('#play-toggle');  // pause: the position is saved
  await saved;
  const stoppedAt = await page.evaluate(() => document.getElementById('player').currentTime);
  await screenshot(page, 'older-learner-2-lesson');

  // Back home later: "continue watching" comes first, and its button resumes the lesson.
  await page.click('.brand');
  await page.waitForSelector('.continue-watching');
  assert.ok(await page.evaluate(() => {
    const box = document.querySelector('.continue-watching').getBoundingClientRect();
    return box.top < document.querySelector('.simple-list').getBoundingClientRect().top && box.bottom <= innerHeight;
  }), 'continue watching is on the first screen, above the list');
  await screenshot(page, 'older-learner-3-continue');
  await Promise.all([page.waitForURL(`${BASE}/lessons/${course.lessons[0].id}`), page.click('.play-big')]);
  await page.waitForFunction(() => document.getElementById('player').readyState >= 1, null, { timeout: 60000 });
  await page.waitForFunction((at) => Math.abs(document.getElementById('player').currentTime - at) < 1.5, stoppedAt,
    { timeout: 10000 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'nothing scrolls sideways');
  // Back 10 seconds, and fullscreen with the captions and buttons in it.
  await page.evaluate(() => { document.getElementById('player').currentTime = 12.5; });
  await page.click('#back-10');
  await page.waitForFunction(() => Math.abs(document.getElementById('player').currentTime - 2.5) < 0.6, null, { timeout: 5000 });
  await page.click('#fullscreen-toggle');
  await page.waitForFunction(() => document.fullscreenElement?.id === 'player-box', null, { timeout: 5000 });
  // The label follows the fullscreenchange event, which comes just after the element is set.
  await page.waitForFunction(() => /退出全屏/.test(document.getElementById('fullscreen-toggle').textContent), null,
    { timeout: 5000 });
  assert.match(await page.textContent('#fullscreen-toggle'), /退出全屏/);
  await page.click('#fullscreen-toggle');
  await page.waitForFunction(() => document.fullscreenElement === null, null, { timeout: 5000 });
  await phone.close();
});
