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

  // The trend by month, and its own table as CSV: one row per month of the period.
  await page.fill('#from', '2026-01-01');
  await page.fill('#to', '2026-03-31');
  await page.selectOption('#by', 'month');
  await Promise.all([page.waitForURL(/by=month/), page.click('.period-form button')]);
  assert.deepEqual(await page.$$eval('#trend-stats tbody th', (cells) => cells.map((c) => c.textContent.trim())),
    ['2026年1月', '2026年2月', '2026年3月']);
  const [trend] = await Promise.all([page.waitForEvent('download'), page.click('#download-trend')]);
  const trendLines = fs.readFileSync(await trend.path()).toString('utf8').slice(1).trim().split('\r\n');
  assert.match(trendLines[0], /^起始日期,期间参与学习人数,/);
  assert.deepEqual(trendLines.slice(1).map((l) => l.split(',')[0]), ['2026-01-01', '2026-02-01', '2026-03-01']);

  // The yearly report, ready to print.
  await Promise.all([page.waitForURL(/\/admin\/stats\/report/), page.click('a[href^="/admin/stats/report"]')]);
  assert.match(await page.textContent('h1'), /和平街道 \d{4} 年度社区教育参与情况报告/);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('nav'), false);
  assert.equal(await page.isVisible('#report-months'), true);
  await screenshot(page, 'stats-report-print-1366x768');
  await context.close();
});
