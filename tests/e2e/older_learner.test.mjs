// The older learner's path at 360×800: community staff hand over a learning card; its
// address signs the phone in; the simplified home offers courses for older learners; the
// lesson plays with captions on; later "continue watching" resumes where it stopped.
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
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action^="/card/"] button')]);
  // Card accounts start in the simplified pages; nothing watched yet, so the list comes first.
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('simple')));
  assert.equal(await page.$('.continue-watching'), null);
  await screenshot(page, 'older-learner-1-home');
  await Promise.all([page.waitForURL(`${BASE}/courses/${course.id}`), page.click(`.simple-list a[href="/courses/${course.id}"]`)]);
  await page.click('form[action$="/enrol"] button');
  await Promise.all([page.waitForURL(`${BASE}/lessons/${course.lessons[0].id}`),
    page.click(`a[href="/lessons/${course.lessons[0].id}"]`)]);

  // The big play button; captions are on without asking.
  await page.waitForFunction(() => document.getElementById('player').readyState >= 1, null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => document.getElementById('player').textTracks[0].mode), 'showing');
  await page.evaluate(() => { document.getElementById('player').muted = true; });
  await page.click('#play-toggle');
  await page.waitForFunction(() => document.getElementById('player').currentTime >= 5, null, { timeout: 30000 });
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
  await phone.close();
});
