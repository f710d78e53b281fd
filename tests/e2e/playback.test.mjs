// A resident signs in, enrols in a demo course and watches a lesson; the position is
// saved and the next visit resumes there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, signIn, waitForCourseReady, screenshot, startPlayback } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the demo learner watches a lesson, and it resumes where she stopped', async () => {
  const course = await waitForCourseReady(1);
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const mediaErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') mediaErrors.push(m.text()); });

  await signIn(page, 'demo_learner');
  await page.goto(`${BASE}/courses/${course.id}`);
  await page.click('form[action$="/enrol"] button');
  await page.waitForSelector('text=您已报名本课程');
  await page.click(`a[href="/lessons/${course.lessons[0].id}"]`);

  await page.waitForSelector('video#player');
  await startPlayback(page);
  await page.waitForFunction(() => document.getElementById('player').currentTime > 2, null, { timeout: 60000 });
  const state = await page.evaluate(() => {
    const v = document.getElementById('player');
    return { error: v.error && v.error.code, alertHidden: document.getElementById('player-error').hidden };
  });
  assert.equal(state.error, null, 'the video element reports a media error');
  assert.equal(state.alertHidden, true, 'the page shows its playback error');
  await screenshot(page, 'lesson-360x800');

  // Pausing saves the position; the next visit resumes near it.
  const saved = page.waitForResponse((r) => r.url().endsWith('/position') && r.request().method() === 'PUT');
  const stoppedAt = await page.evaluate(() => { const v = document.getElementById('player'); v.pause(); return v.currentTime; });
  assert.equal((await saved).status(), 204);
  await page.reload();
  await page.waitForFunction(() => document.getElementById('player').currentTime > 1, null, { timeout: 30000 });
  const resumedAt = await page.evaluate(() => document.getElementById('player').currentTime);
  assert.ok(Math.abs(resumedAt - stoppedAt) < 1.5, `resumed at ${resumedAt}, stopped at ${stoppedAt}`);
  assert.deepEqual(mediaErrors.filter((e) => /media|hls/i.test(e)), []);
  await context.close();
});

test('the catalog shows the demo courses in Chinese, and English on request', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(BASE);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.ok(await page.isVisible('text=老年人防范电信诈骗'));
  await screenshot(page, 'catalog-1366x768');
  await page.click('a[lang="en"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.ok(await page.isVisible('h1:has-text("Courses")'));
  await context.close();
});

test('a browser that prefers English gets English first', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(BASE);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await context.close();
});
