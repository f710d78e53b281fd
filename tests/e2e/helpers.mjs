// Shared by the browser tests: Debian's Chromium through playwright-core, the demo
// accounts scripts/test generated, and bounded waits.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.LIFELONG_E2E_URL ?? 'http://127.0.0.1:18080';
export const ARTIFACTS = process.env.LIFELONG_E2E_ARTIFACTS ?? 'test-artifacts';

export function demoPassword(user) {
  const lines = fs.readFileSync(process.env.LIFELONG_E2E_ACCOUNTS, 'utf8').split('\n');
  const line = lines.find((l) => l.startsWith(user + ' '));
  if (!line) throw new Error(`no demo account ${user}`);
  return line.split(' ')[1];
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'],
  });
}

export async function signIn(page, user) {
  await page.goto(`${BASE}/login`);
  await page.fill('#username', user);
  await page.fill('#password', demoPassword(user));
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

// Polls until every lesson of the course can play (the transcoder works in the background).
export async function waitForCourseReady(courseId, seconds = 240) {
  for (let i = 0; i < seconds; i++) {
    const res = await fetch(`${BASE}/api/v1/courses/${courseId}`);
    if (res.ok) {
      const course = await res.json();
      if (course.lessons.length > 0 && course.lessons.every((l) => l.status === 'ready')) return course;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`course ${courseId} was not ready within ${seconds} s`);
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

// Starts the lesson's video muted once the player has loaded its metadata (calling
// play() earlier races with hls.js attaching its source).
export async function startPlayback(page) {
  await page.waitForFunction(() => document.getElementById('player')?.readyState >= 1, null, { timeout: 60000 });
  await page.evaluate(() => { const v = document.getElementById('player'); v.muted = true; return v.play(); });
}
