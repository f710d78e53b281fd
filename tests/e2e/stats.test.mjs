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
  await signIn(page, 'demo_admin');  // reviewer of 和平街道: lands on the dashboard
  assert.equal(new URL(page.url()).pathname, '/admin/stats');
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

// A chart of one week and one of a whole year by week: the columns and their numbers keep
// their size (drawn 1:1, never stretched to the page or squeezed onto a phone), a wide
// chart scrolls inside its own box, and the tables keep each figure on one line.
test('charts keep a fixed, readable size with 1 and 53 points, on a phone and a computer', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signIn(page, 'demo_admin');
  const measure = () => page.evaluate(() => {
    const svg = document.querySelector('.chart-columns svg');
    const bar = svg.querySelector('.chart-bar').getBoundingClientRect();
    const value = svg.querySelector('.chart-value').getBoundingClientRect();
    const cell = document.querySelector('#trend-stats td').getBoundingClientRect();
    const rowHead = document.querySelector('#trend-stats tbody th').getBoundingClientRect();
    return { columns: svg.querySelectorAll('.chart-bar').length, barWidth: bar.width, textHeight: value.height,
      cellHeight: cell.height, rowHeadHeight: rowHead.height, pageWidth: document.documentElement.scrollWidth,
      screen: window.innerWidth,
      barChartText: document.querySelector('#children-stats') ? document.querySelector('.chart:not(.chart-columns) .chart-name').getBoundingClientRect().height : 20 };
  });
  for (const [points, query] of [[1, 'from=2026-03-02&to=2026-03-08&by=week'], [53, 'from=2026-01-01&to=2026-12-31&by=week']]) {
    for (const width of [360, 1366]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${BASE}/admin/stats?${query}`);
      const m = await measure();
      const label = `${points} point(s) at ${width} px`;
      assert.equal(m.columns, points, label);
      assert.ok(m.barWidth >= 30 && m.barWidth <= 40, `${label}: a column is ${m.barWidth} px wide`);
      assert.ok(m.textHeight >= 14 && m.textHeight <= 24, `${label}: its number is ${m.textHeight} px high`);
      assert.ok(m.barChartText >= 14 && m.barChartText <= 24, `${label}: a bar's name is ${m.barChartText} px high`);
      assert.ok(m.cellHeight < 60 && m.rowHeadHeight < 60, `${label}: a table row wraps (${m.cellHeight} px)`);
      assert.ok(m.pageWidth <= m.screen, `${label}: the page scrolls sideways (${m.pageWidth} px)`);
      if (points === 53) await screenshot(page, `stats-53-weeks-${width}`);
    }
  }
  await context.close();
});
