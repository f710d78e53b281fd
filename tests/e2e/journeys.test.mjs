// Dead ends a new resident met, walked again in Chromium: the site's own search example
// (防诈) and its near word (防骗) find the fraud course, suggestions come while typing, an
// empty search offers popular courses, an old link past the last page says so, English
// counts one lesson as "1 lesson", and the course page after enrolling leads on: a big
// button to the right lesson, how far they are, and the certificate once finished.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newResident, signIn, demoCourse, watchWhole, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FRAUD = '老年人防范电信诈骗';     // two lessons
const PHONE = '智能手机入门：微信视频通话';  // one lesson

async function phone() {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  return { context, page: await context.newPage() };
}

test('the search box finds abbreviations and near words, suggests while typing, and never ends empty', async () => {
  const { context, page } = await phone();
  await page.goto(`${BASE}/`);
  // Suggestions: the native list under the box fills as one types.
  await page.fill('#q', '防诈');
  await page.waitForFunction((title) => [...document.querySelectorAll('#search-suggestions option')]
    .some((o) => o.value === title), FRAUD, { timeout: 10000 });
  for (const words of ['防诈', '防骗']) {
    await page.goto(`${BASE}/`);
    await page.fill('#q', words);
    await Promise.all([page.waitForURL(/q=/), page.press('#q', 'Enter')]);
    const titles = await page.textContent('.course-grid');
    assert.ok(titles.includes(FRAUD), `${words} finds the fraud course`);
  }
  await screenshot(page, 'search-near-word-360x800');
  // Nothing found: a way on, not a dead end.
  await page.goto(`${BASE}/?q=${encodeURIComponent('跑步机维修')}`);
  await page.waitForSelector('#popular-courses .course-card');
  // An old link past the last page.
  await page.goto(`${BASE}/?page=99`);
  const past = await page.textContent('#past-end');
  assert.match(past, /最后一页是第 \d+ 页/);
  await Promise.all([page.waitForURL(/page=\d+$/), page.click('#past-end a')]);
  await page.waitForSelector('.course-grid .course-card');
  await context.close();
});

test('English counts one lesson as one', async () => {
  const { context, page } = await phone();
  await page.goto(`${BASE}/?lang=en`);
  const cards = await page.$$eval('.course-card', (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ')));
  assert.ok(cards.some((t) => t.includes(PHONE) && /\b1 lesson\b/.test(t) && !/1 lessons/.test(t)), cards.join('\n'));
  assert.ok(cards.some((t) => t.includes(FRAUD) && /\b2 lessons\b/.test(t)), cards.join('\n'));
  await context.close();
});

test('after enrolling, the course page leads to the lesson, shows how far, and ends at the certificate', async () => {
  const course = await demoCourse(PHONE);
  const person = await newResident('周大爷');
  const { context, page } = await phone();
  await signIn(page, person.username, person.password);
  await page.goto(`${BASE}/courses/${course.id}`);
  // "开始学习" enrols and starts the first lesson; the course page then leads on.
  assert.equal((await page.textContent('form[action$="/enrol"] button')).trim(), '开始学习');
  await Promise.all([page.waitForURL(new RegExp(`/lessons/${course.lessons[0].id}$`)), page.click('form[action$="/enrol"] button')]);
  await page.goto(`${BASE}/courses/${course.id}`);
  const start = page.locator('#continue-lesson');
  await start.waitFor();
  assert.match(await start.textContent(), /开始学习：/);
  assert.equal(await start.getAttribute('href'), `/lessons/${course.lessons[0].id}`);
  assert.match(await page.textContent('#course-percent'), /已学 0%/);
  assert.match(await page.textContent('#course-glance'), /^1 节 · \d+秒( · \d+ 人在学)?$/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'the course page fits the phone');
  await screenshot(page, 'course-enrolled-360x800');
  await Promise.all([page.waitForURL(new RegExp(`/lessons/${course.lessons[0].id}$`)), start.click()]);

  await watchWhole(page, course.lessons[0].id);
  await page.goto(`${BASE}/courses/${course.id}`);
  await page.waitForSelector('#course-done');
  assert.match(await page.textContent('#course-done'), /已学完本课程/);
  await Promise.all([page.waitForURL(new RegExp(`/me/certificates/${course.id}$`)), page.click('#certificate-link')]);
  await page.waitForSelector('#verification-code');
  // The record counts minutes, never "0.0 小时".
  await page.goto(`${BASE}/me/learning`);
  assert.match((await page.textContent('#total-hours')).trim(), /^(不到 1 分钟|\d+ 分钟)$/);
  await screenshot(page, 'course-finished-record-360x800');
  await context.close();
});
