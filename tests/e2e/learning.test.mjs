// A new resident on a 360×800 phone finds a course with a two-character search, enrols,
// watches its lesson to the end, and sees the completed course, its credits and its
// certificate on "My learning"; the certificate's code checks out on the public page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newResident, waitForCourseReady, screenshot, startPlayback } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const TITLE = '智能手机入门：微信视频通话';  // a demo course with one 16 s lesson

test('a resident finds a course by a two-character search, watches it, and earns its credits', async () => {
  const found = await (await fetch(`${BASE}/api/v1/courses?q=${encodeURIComponent('微信')}`)).json();
  const listed = found.courses.find((c) => c.title === TITLE);
  assert.ok(listed, 'the API search finds the demo course');
  const course = await waitForCourseReady(listed.id);

  const person = await newResident();
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('#username', person.username);
  await page.fill('#password', person.password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button[type=submit]')]);

  // The search box on the catalog, as a thumb would use it.
  await page.goto(`${BASE}/`);
  await page.fill('#q', '微信');
  await Promise.all([page.waitForURL(/q=/), page.press('#q', 'Enter')]);
  await page.waitForSelector('.search-summary');
  assert.match(await page.textContent('.search-summary'), /微信/);
  await screenshot(page, 'search-360x800');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'the results fit the phone');
  await Promise.all([page.waitForURL(new RegExp(`/courses/${course.id}$`)), page.click(`.course-card a[href="/courses/${course.id}"]`)]);

  // Starting enrols and goes straight to the first lesson.
  await Promise.all([page.waitForURL(new RegExp(`/lessons/${course.lessons[0].id}$`)), page.click('form[action$="/enrol"] button')]);
  await page.waitForSelector('video#player');

  // Watch to the end (at double speed: every second is still really played).
  const finished = page.waitForResponse(async (r) => {
    if (!r.url().endsWith('/progress') || r.request().method() !== 'POST' || r.status() !== 200) return false;
    return (await r.json()).course.completed === true;
  }, { timeout: 90000 });
  await startPlayback(page);
  await page.evaluate(() => { document.getElementById('player').playbackRate = 2; });
  const state = await (await finished).json();
  assert.equal(state.lesson.completed, true);
  assert.equal(state.course.credits, 2);
  await page.waitForFunction(() => /已学完/.test(document.getElementById('lesson-progress').textContent));

  await page.goto(`${BASE}/me/learning`);
  assert.equal(Number(await page.textContent('#total-credits')), 2);
  // A short lesson watched: its minutes, never "0.0 小时".
  assert.match((await page.textContent('#total-hours')).trim(), /^(不到 1 分钟|\d+ 分钟)$/);
  const completed = await page.textContent('#completed-heading + .record-list');
  assert.match(completed, new RegExp(TITLE));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'my learning fits the phone');
  await screenshot(page, 'my-learning-360x800');

  // The certificate, and its code on the public check page in a fresh browser.
  await page.click(`a[href="/me/certificates/${course.id}"]`);
  const code = (await page.textContent('#verification-code')).trim();
  assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await screenshot(page, 'certificate-360x800');
  const stranger = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const check = await stranger.newPage();
  await check.goto(`${BASE}/verify`);
  await check.fill('#code', code.toLowerCase());
  await Promise.all([check.waitForURL(/code=/), check.click('form[action="/verify"] button')]);
  assert.match(await check.textContent('.verified'), new RegExp(TITLE));
  await stranger.close();
  await context.close();
});
