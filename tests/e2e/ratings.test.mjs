// 评价 (issue 21): a resident who has started a course rates it from the course page and
// says why; the teacher answers on the same page; in the simplified mode the stars are big
// choices with words on a page of their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, demoCourse, launch, newResident, screenshot, signIn, switchMode } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const WECHAT = '智能手机入门：微信视频通话';
const clickThrough = (page, selector) => Promise.all([page.waitForEvent('load'), page.click(selector)]);

test('a resident rates a course they started, and its teacher answers', async () => {
  const course = await demoCourse(WECHAT);
  const person = await newResident('何阿姨');
  // Words of this run only, so that a rerun against the same demo data finds its own.
  const words = `步骤讲得很细，适合老年人 ${person.username.slice(-6)}`;
  const answer = `谢谢！下一课会讲视频通话的设置。${person.username.slice(-6)}`;
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signIn(page, person.username, person.password);
  await page.goto(`${BASE}/courses/${course.id}`);
  assert.equal(await page.$('#ratings a[href$="/rate"]'), null, 'not before starting');
  await api(page, 'PUT', `/api/v1/courses/${course.id}/enrolment`);
  await page.goto(`${BASE}/courses/${course.id}`);
  await clickThrough(page, '#ratings a[href$="/rate"]');
  // A refused form keeps what was typed: here, no stars chosen (the browser's own check is
  // bypassed to reach the server's).
  await page.fill('#comment', words);
  await page.$$eval('input[name=stars]', (all) => all.forEach((e) => e.removeAttribute('required')));
  await clickThrough(page, '.rate-form button[type=submit]');
  assert.match(await page.textContent('#rate-error'), /请选择 1 到 5 颗星/);
  assert.equal(await page.inputValue('#comment'), words);
  await page.check('input[name=stars][value="4"]');
  await clickThrough(page, '.rate-form button[type=submit]');
  assert.equal(new URL(page.url()).pathname, `/courses/${course.id}`);
  assert.match(await page.textContent('#ratings'), /谢谢您的评价/);
  assert.equal((await page.textContent('.my-rating')).trim(), `您的评价：4 星 · 满意：${words}`);
  const mine = page.locator('.comment-list li', { hasText: words });
  assert.match(await mine.textContent(), /何阿姨 · 4 星/);
  await screenshot(page, 'ratings-standard-360x800');

  const teacherContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const teacher = await teacherContext.newPage();
  await signIn(teacher, 'demo_teacher');
  await teacher.goto(`${BASE}/courses/${course.id}#ratings`);
  const item = teacher.locator('.comment-list li', { hasText: words });
  await item.locator('.reply-form summary').click();
  await item.locator('.reply-form textarea').fill(answer);
  await Promise.all([teacher.waitForEvent('load'), item.locator('.reply-form button').click()]);
  await page.reload();
  assert.ok((await mine.textContent()).includes(`老师回复：${answer}`), await mine.textContent());
  await teacherContext.close();

  // Simplified: the stars are five big choices that say what they mean.
  await switchMode(page, 'simple');
  await page.goto(`${BASE}/courses/${course.id}/rate`);
  const choices = await page.$$eval('.star-choices label', (all) => all.map((l) => l.textContent.trim()));
  assert.deepEqual(choices, ['5 星 · 非常满意', '4 星 · 满意', '3 星 · 一般', '2 星 · 不太满意', '1 星 · 不满意']);
  assert.equal(await page.isChecked('input[name=stars][value="4"]'), true, 'the rating given is chosen');
  await screenshot(page, 'rate-simple-360x800');
  await switchMode(page, 'standard');
  await context.close();
});
