// Shared by the browser tests: Debian's Chromium through playwright-core, the demo
// accounts scripts/test generated, and bounded waits.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import axe from 'axe-core';

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

export async function signIn(page, user, password = demoPassword(user)) {
  await page.goto(`${BASE}/login`);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

// Registers a new resident through the API; returns what signs them in.
export async function newResident(displayName = '陈阿姨', home = undefined) {
  const person = { username: `e2e_${Date.now()}_${Math.floor(Math.random() * 1e6)}`, display_name: displayName,
    password: 'a long password 2026' };
  const body = home ? { ...person, org_unit_id: home } : person;
  const res = await fetch(`${BASE}/api/v1/users`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`registering failed: ${res.status} ${await res.text()}`);
  return person;
}

// The signed-in page's CSRF token (every page has one in the header's forms), for API
// calls made with the page's cookies through page.request.
export async function csrfOf(page) {
  return page.inputValue('.site-header input[name="_csrf"]');
}

// Opens the header's menu where a phone folds the links behind it.
export async function openMenu(page) {
  const toggle = page.locator('.site-header .menu-toggle');
  if (await toggle.isVisible() && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

// Sends the page's person's API request with their cookies and CSRF token.
export async function api(page, method, path, data) {
  const res = await page.request.fetch(`${BASE}${path}`, {
    method, headers: { 'X-CSRF-Token': await csrfOf(page), 'Content-Type': 'application/json' },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

// Reports the 16 s demo lesson played to its end, as a player reporting twice would: the
// server credits no more than the time it has seen pass allows (10 s to start, then 1.5 s
// a second), so the second report comes 5 s after the first.
export async function watchWhole(page, lessonId) {
  await api(page, 'POST', `/api/v1/lessons/${lessonId}/progress`, { ranges: [[0, 10]], position_ms: 10000 });
  await new Promise((r) => setTimeout(r, 5000));
  const state = await api(page, 'POST', `/api/v1/lessons/${lessonId}/progress`, { ranges: [[0, 16]], position_ms: 16000 });
  if (!state.lesson.completed) throw new Error(`lesson ${lessonId} not completed: ${JSON.stringify(state)}`);
}

// Switches the page's person (or, signed out, the device) to the simplified or the
// standard pages with the header's own switch, as a person would.
export async function switchMode(page, mode) {
  await page.goto(`${BASE}/`);
  const simple = await page.evaluate(() => document.documentElement.classList.contains('simple'));
  if (simple === (mode === 'simple')) return;
  await openMenu(page);
  await page.click('.site-header .mode-switch');
  await page.waitForFunction((want) => document.documentElement.classList.contains('simple') === want,
    mode === 'simple', { timeout: 10000 });
  await page.waitForLoadState();
}

// The demo course with this title, once all its lessons can play.
export async function demoCourse(title) {
  const found = await (await fetch(`${BASE}/api/v1/courses?q=${encodeURIComponent(title)}`)).json();
  const listed = found.courses.find((c) => c.title === title);
  if (!listed) throw new Error(`no demo course ${title}`);
  return waitForCourseReady(listed.id);
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
  const file = path.join(ARTIFACTS, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}

// Starts the lesson's video muted once the player has loaded its metadata (calling
// play() earlier races with hls.js attaching its source).
export async function startPlayback(page) {
  await page.waitForFunction(() => document.getElementById('player')?.readyState >= 1, null, { timeout: 60000 });
  await page.evaluate(() => { const v = document.getElementById('player'); v.muted = true; return v.play(); });
}

// axe's findings on the page: WCAG 2.0/2.1 A and AA, plus AAA contrast (7:1) when
// `enhanced`, plus the given best-practice rules by name (e.g. landmarks).
export async function axeViolations(page, enhanced, rules = []) {
  await page.evaluate(axe.source);  // not a <script> tag: the site's CSP refuses inline scripts, as it should
  return page.evaluate(async ({ enhanced, rules }) => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
    const found = (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations;
    const more = [...(enhanced ? ['color-contrast-enhanced'] : []), ...rules];
    if (more.length) {
      const extra = await window.axe.run(document, { runOnly: { type: 'rule', values: more } });
      found.push(...extra.violations);
    }
    return found.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, { enhanced, rules });
}

// A learning card made at the desk by a staff member's page for `holder`: the path its QR code opens.
export async function issueCard(staffPage, holder) {
  await staffPage.goto(`${BASE}/staff/cards`);
  await staffPage.fill('#display_name', holder);
  await staffPage.selectOption('#org_unit_id', await staffPage.$eval('#org_unit_id option[value]:not([value=""])', (o) => o.value));
  await Promise.all([staffPage.waitForLoadState('load'), staffPage.click('form[action="/staff/cards"] button')]);
  return (await staffPage.textContent('.card-url')).trim().replace(/^https?:\/\/[^/]+/, '');
}
