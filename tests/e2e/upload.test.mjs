// A teacher creates a course and a lesson, uploads a text file renamed .mp4, and sees
// the plain-language reason on the lesson; then uploads a real video and sees it play.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
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
  await page.click('.upload-form button[type=submit]');
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
  const tusRequests = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/uploads')) tusRequests.push(r.method()); });
  await page.setInputFiles('.upload-form input[type=file]', video);
  await page.click('.upload-form button[type=submit]');
  await page.waitForSelector('.lesson-status[data-status="ready"]', { timeout: 180000 });
  assert.deepEqual(tusRequests.slice(0, 2), ['POST', 'PATCH'], 'the upload goes through tus');
  assert.equal(await page.getAttribute('.upload-form progress', 'value'), '100');
  await page.click('a.preview');
  await page.waitForSelector('video#player');
  await startPlayback(page);
  await page.waitForFunction(() => document.getElementById('player').currentTime > 1, null, { timeout: 60000 });
  await context.close();
});

test('an upload cut off mid-way continues from the same byte after the page is reloaded', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signIn(page, 'demo_teacher');
  await newLesson(page, '上传测试：断点续传');
  // 20 MB: three parts of 8 MB. Not a video, so it ends in a reason, which is fine here.
  // A file on disk, as a teacher's is: the same name, size and date after the reload.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifelong-')), 'long-lesson.mp4');
  fs.writeFileSync(file, Buffer.alloc(20 * 1024 * 1024, 7));
  let patches = 0;
  let cut;
  const cutOff = new Promise((resolve) => { cut = resolve; });
  await page.route('**/api/v1/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH' && ++patches >= 2) {
      await route.abort('internetdisconnected');  // the phone has lost its network from part two on
      cut();
      return;
    }
    await route.continue();
  });
  await page.setInputFiles('.upload-form input[type=file]', file);
  await page.click('.upload-form button[type=submit]');
  await cutOff;
  // Reload while the network is still "down", so no retry of the old page slips out.
  await page.reload();
  await page.unroute('**/api/v1/uploads/*');

  const seen = [];
  let storedOffset;
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/uploads')) seen.push([r.method(), r.headers()['upload-offset']]);
  });
  page.on('response', (r) => {
    // The first answer is the one the client resumes from (a retry would ask again).
    if (r.url().includes('/api/v1/uploads') && r.request().method() === 'HEAD' && storedOffset === undefined) {
      storedOffset = r.headers()['upload-offset'];
    }
  });
  await page.setInputFiles('.upload-form input[type=file]', file);
  await page.click('.upload-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('.upload-form progress').value === 100, null, { timeout: 60000 });
  assert.equal(seen[0][0], 'HEAD', 'asks the server how much it has');
  assert.ok(!seen.some(([method]) => method === 'POST'), 'no new upload was started');
  // It goes on from what the server has: exactly the first part.
  assert.equal(storedOffset, String(8 * 1024 * 1024));
  assert.deepEqual(seen.find(([method]) => method === 'PATCH'), ['PATCH', storedOffset]);
  await screenshot(page, 'teacher-upload-resumed-360x800');
  await context.close();
});
