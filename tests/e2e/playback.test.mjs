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
  await Promise.all([page.waitForURL(new RegExp(`/lessons/${course.lessons[0].id}$`)), page.click('form[action$="/enrol"] button')]);

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

  // Captions (the demo lesson has Chinese ones), speed, and seek previews.
  const captions = await page.evaluate(async () => {
    const track = [...document.getElementById('player').textTracks].find((t) => t.kind === 'captions');
    if (!track) return null;
    track.mode = 'showing';
    for (let i = 0; i < 50 && !(track.cues && track.cues.length); i++) await new Promise((r) => setTimeout(r, 100));
    return { language: track.language, first: track.cues && track.cues.length ? track.cues[0].text : '' };
  });
  assert.deepEqual(captions, { language: 'zh-CN', first: '接到陌生电话要求转账，先挂断。' });
  await page.click('.speed button[data-rate="0.75"]');
  assert.equal(await page.evaluate(() => document.getElementById('player').playbackRate), 0.75);
  assert.equal(await page.getAttribute('.speed button[data-rate="0.75"]', 'aria-pressed'), 'true');
  const preview = await page.evaluate(async () => {
    const seek = document.getElementById('seek');
    seek.value = '7';
    seek.dispatchEvent(new Event('input'));
    const thumb = document.querySelector('.seek-thumb');
    for (let i = 0; i < 50 && !thumb.style.backgroundImage; i++) {
      await new Promise((r) => setTimeout(r, 100));
      seek.dispatchEvent(new Event('input'));
    }
    return { hidden: document.querySelector('.seek-preview').hidden, image: thumb.style.backgroundImage,
             position: thumb.style.backgroundPosition, time: document.querySelector('.seek-time').textContent };
  });
  assert.equal(preview.hidden, false);
  assert.match(preview.image, /sprite/);
  assert.equal(preview.time, '0:07');
  await screenshot(page, 'lesson-seek-preview-360x800');
  await page.click('.speed button[data-rate="1"]');

  // Pausing reports what was played and the position; the next visit resumes near it.
  const saved = page.waitForResponse((r) => r.url().endsWith('/progress') && r.request().method() === 'POST');
  const stoppedAt = await page.evaluate(() => { const v = document.getElementById('player'); v.pause(); return v.currentTime; });
  const progress = await saved;
  assert.equal(progress.status(), 200);
  const sent = JSON.parse(progress.request().postData());
  assert.ok(sent.ranges.length >= 1 && sent.ranges.every(([s, e]) => e > s), JSON.stringify(sent.ranges));
  assert.ok((await progress.json()).lesson.percent > 0);
  await page.waitForFunction(() => /%/.test(document.getElementById('lesson-progress').textContent));
  await page.reload();
  await page.waitForFunction(() => document.getElementById('player').currentTime > 1, null, { timeout: 30000 });
  const resumedAt = await page.evaluate(() => document.getElementById('player').currentTime);
  assert.ok(Math.abs(resumedAt - stoppedAt) < 1.5, `resumed at ${resumedAt}, stopped at ${stoppedAt}`);
  assert.deepEqual(mediaErrors.filter((e) => /media|hls/i.test(e)), []);
  await context.close();
});

// A link the server refuses (an expired one in real life; here a real link with one
// character of its token changed, so the server really answers 403) makes the player ask
// the lesson's API for a fresh link and play on, without the error box.
test('a media link the server refuses is renewed and the lesson plays', async () => {
  const course = await waitForCourseReady(1);
  const lessonId = course.lessons[0].id;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signIn(page, 'demo_learner');  // enrolled by the test above
  let forged = '';
  await page.route(`${BASE}/lessons/${lessonId}`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/data-src="([^"]+)"/, (_all, raw) => {
      const parts = raw.replaceAll('&#x2F;', '/').replaceAll('&#47;', '/').split('/');  // ['', 'media', 't', expires, token, ...]
      parts[4] = (parts[4][0] === 'A' ? 'B' : 'A') + parts[4].slice(1);
      forged = parts.join('/');
      return `data-src="${forged}"`;
    });
    await route.fulfill({ response, body: html });
  });
  const refused = [];
  const renewals = [];
  page.on('response', (r) => {
    if (r.url().includes('/media/t/') && r.status() === 403) refused.push(new URL(r.url()).pathname);
    if (new URL(r.url()).pathname === `/api/v1/lessons/${lessonId}`) renewals.push(r.status());
  });
  await page.goto(`${BASE}/lessons/${lessonId}`);
  await page.waitForSelector('video#player');
  await startPlayback(page);
  await page.waitForFunction(() => document.getElementById('player').currentTime > 2, null, { timeout: 60000 });
  assert.ok(forged.startsWith('/media/t/'), 'the page carried a signed link');
  assert.ok(refused.length >= 1 && refused.every((p) => p === forged), 'the forged link was refused by the server');
  assert.deepEqual(renewals, [200], 'the player asked once for a fresh link');
  assert.equal(await page.evaluate(() => document.getElementById('player-error').hidden), true);
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
