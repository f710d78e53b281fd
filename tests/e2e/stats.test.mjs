// An administrator opens the participation dashboard of their street, changes the period
// and downloads the table as CSV, which keeps its Chinese names (UTF-8 with a BOM).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BASE, launch, screenshot, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an administrator changes the period of the dashboard and downloads its CSV', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, 'demo_admin');  // reviewer of 和平街道
  await Promise.all([page.waitForURL(/\/admin\/stats/), page.click('nav a[href="/admin/stats"]')]);
  assert.match(await page.textContent('h1'), /和平街道/);
  const rows = await page.$$eval('#children-stats tbody th', (cells) => cells.map((c) => c.textContent.trim()));
  assert.deepEqual(rows.sort(), ['幸福社区', '阳光社区'].sort());
  await screenshot(page, 'stats-dashboard-1366x768');

  await page.fill('#from', '2026-01-01');
  await page.fill('#to', '2026-01-31');
  await Promise.all([page.waitForURL(/from=2026-01-01&to=2026-01-31/), page.click('.period-form button')]);
  assert.match(await page.textContent('main'), /2026-01-01 — 2026-01-31/);
  assert.equal(await page.textContent('#total-active'), '0');  // nobody learned in January

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  assert.match(download.suggestedFilename(), /^participation-\d+-2026-01-01-2026-01-31\.csv$/);
  const csv = fs.readFileSync(await download.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').slice(1).trim().split('\r\n');
  assert.match(lines[0], /^单位,常住人口,注册居民/);
  assert.equal(lines.length, 4);  // two communities and the street's total
  assert.ok(lines.some((l) => l.startsWith('幸福社区,')));
  await context.close();
});
