// A teacher creates a course and a lesson, uploads a text file renamed .mp4, and sees
// the plain-language reason on the lesson; then uploads a real video and sees it play.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
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
  await screenshot(page, 'teacher-editor-360x800');
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
  // One status at a time: "uploaded, transcoding…" gives way to the lesson's own.
  await page.waitForFunction(() => document.querySelector('.upload-message').textContent === '转码完成，可以预览了。');
  assert.equal(await page.locator('.lesson-status').first().textContent(), '可以播放');

  // Captions: the page says they were added, and lists them.
  await page.setInputFiles('.captions-form input[type=file]', video.replace(/\.mp4$/, '.srt'));
  await page.click('.captions-form button[type=submit]');
  await page.waitForSelector('.caption-list li[data-lang="zh-CN"]');
  assert.equal(await page.textContent('.captions-message'), '已添加中文字幕。');

  // A second lesson: moved first, renamed, then deleted after the page asks.
  await page.fill('#lesson-title', '第二课');
  await Promise.all([page.waitForSelector('.teach-lesson:nth-child(2)'), page.click('form[action$="/lessons"] button')]);
  assert.equal(await page.textContent('.teach-lesson:nth-child(2) .upload-form button[type=submit]'), '上传');
  assert.equal(await page.textContent('.teach-lesson:nth-child(1) .upload-form button[type=submit]'), '替换视频');
  const names = () => page.$$eval('.lesson-name', (els) => els.map((e) => e.textContent));
  await page.click('.teach-lesson:nth-child(2) button.move-up');
  await page.waitForFunction(() => document.querySelector('.lesson-name').textContent === '第二课');
  assert.deepEqual(await names(), ['第二课', '第一课']);
  await page.click('.teach-lesson:nth-child(1) .rename-lesson summary');
  await page.fill('.teach-lesson:nth-child(1) input[name=title]', '第二课：补充');
  await Promise.all([page.waitForURL(/done=renamed/), page.click('.teach-lesson:nth-child(1) .rename-lesson button')]);
  assert.equal(await page.textContent('#done-notice'), '课时已改名。');
  assert.deepEqual(await names(), ['第二课：补充', '第一课']);
  await page.click('.teach-lesson:nth-child(1) .delete-lesson summary');
  assert.match(await page.textContent('.teach-lesson:nth-child(1) .delete-lesson p'), /删除课时“第二课：补充”？/);
  await Promise.all([page.waitForURL(/done=deleted/), page.click('.teach-lesson:nth-child(1) .delete-lesson button')]);
  assert.deepEqual(await names(), ['第一课']);
  await screenshot(page, 'teacher-editor-1366x768');

  // Submitting says so, and can be taken back.
  await Promise.all([page.waitForURL(/done=submitted/), page.click('form[action$="/submit"] button')]);
  assert.match(await page.textContent('#done-notice'), /已提交审核/);
  await Promise.all([page.waitForURL(/done=recalled/), page.click('#recall')]);
  assert.match(await page.textContent('#done-notice'), /已撤回审核申请/);
  assert.equal(await page.locator('#recall').count(), 0);

  // A cover of its own, from a picture on the teacher's phone.
  const picture = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifelong-')), 'cover.png');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1200x900', '-frames:v', '1', '-y', picture]);
  await page.setInputFiles('#cover-file', picture);
  await Promise.all([page.waitForURL(/done=cover/), page.click('.cover-form button[type=submit]')]);
  assert.equal(await page.textContent('#done-notice'), '封面已更新。');
  assert.match(await page.getAttribute('.cover-preview', 'src'), /^\/media\/covers\/\d+\/[\w-]{16}-640\.jpg$/);
  assert.ok(await page.$eval('.cover-preview', (img) => img.complete && img.naturalWidth === 640));

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
