// A teacher creates a course and a lesson, uploads a text file renamed .mp4, and sees
// the plain-language reason on the lesson; then uploads a real video and sees it play.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, launch, signIn, screenshot, startPlayback } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function newLesson(page, title) {
  await page.goto(`${BASE}/teach`);
  await page.fill('#title', title);
  await page.selectOption('#category', 'digital');
  await Promise.all([page.waitForURL(/\/teach\/courses\/\d+$/), page.click('form[action="/teach/courses"] button')]);
  await page.fill('#lesson-title', '第一课');
  await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/lessons"] button')]);
  await page.waitForSelector('.upload-form');
}

test('a text file renamed .mp4 ends with a reason a teacher understands', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signIn(page, 'demo_teacher');
  await newLesson(page, '上传测试：不是视频');
  await page.setInputFiles('.upload-form input[type=file]', {
    name: 'lesson.mp4', mimeType: 'video/mp4', buffer: Buffer.from('this is only text, renamed to look like a video\n'),
  });
  await page.click('.upload-form button');
  const failure = await page.waitForSelector('.lesson-failure', { timeout: 90000 });
  assert.match(await failure.textContent(), /这个文件不是视频/);
  await page.reload();
  assert.match(await page.textContent('.lesson-failure'), /这个文件不是视频/);
  await screenshot(page, 'teacher-upload-failed-360x800');
  await context.close();
});

test('a real video uploaded from the teacher page becomes playable', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signIn(page, 'demo_teacher');
  await newLesson(page, '上传测试：真视频');
  const video = path.join(process.env.LIFELONG_E2E_VIDEOS ?? 'var/test/videos', 'demo-4.mp4');
  assert.ok(fs.existsSync(video), `missing ${video}`);
  await page.setInputFiles('.upload-form input[type=file]', video);
  await page.click('.upload-form button');
  await page.waitForSelector('.lesson-status[data-status="ready"]', { timeout: 180000 });
  assert.equal(await page.getAttribute('.upload-form progress', 'value'), '100');
  await page.click('a.preview');
  await page.waitForSelector('video#player');
  await startPlayback(page);
  await page.waitForFunction(() => document.getElementById('player').currentTime > 1, null, { timeout: 60000 });
  await context.close();
});
