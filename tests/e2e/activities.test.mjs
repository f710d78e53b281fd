// A street administrator records an offline class with the form; a resident of a
// community below finds it under "线下活动" and takes the only place; the next resident
// finds it full.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newResident, screenshot, signIn, openMenu } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function inAWeek() {  // "YYYY-MM-DDT19:00" China time, for <input type=datetime-local>
  const d = new Date(Date.now() + (8 + 7 * 24) * 3600 * 1000);
  return `${d.toISOString().slice(0, 10)}T19:00`;
}

test('an administrator records a class and residents nearby sign up for its places', async () => {
  const admin = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage();
  await signIn(admin, 'demo_admin');  // reviewer of 和平街道
  await Promise.all([admin.waitForURL(/\/admin\/activities/), admin.click('nav a[href="/admin/activities"]')]);
  const community = await admin.$eval('#activity-unit', (s) => [...s.options].find((o) => o.text.trim() === '幸福社区').value);
  const title = `剪纸兴趣班 ${Date.now()}`;
  await admin.selectOption('#activity-unit', community);
  await admin.selectOption('#activity-category', 'arts');
  await admin.fill('#activity-title', title);
  await admin.fill('#activity-place', '幸福社区活动室');
  await admin.fill('#activity-time', inAWeek());
  await admin.fill('#activity-capacity', '1');
  await Promise.all([admin.waitForURL(/done=1/), admin.click('form[action="/admin/activities"] button')]);
  assert.ok((await admin.textContent('#activity-table')).includes(title));
  await screenshot(admin, 'activities-admin-1366x768');

  const phone = { viewport: { width: 360, height: 800 }, locale: 'zh-CN' };
  const first = await newResident('钱阿姨', Number(community));
  const resident = await (await browser.newContext(phone)).newPage();
  await signIn(resident, first.username, first.password);
  await openMenu(resident);  // a phone: the links are behind the menu
  await Promise.all([resident.waitForURL(/\/activities/), resident.click('nav a[href="/activities"]')]);
  const item = resident.locator('li.activity', { hasText: title });
  assert.match(await item.textContent(), /幸福社区活动室/);
  await Promise.all([resident.waitForURL(/signed_up=1/), item.locator('button', { hasText: '报名参加' }).click()]);
  assert.match(await resident.locator('li.activity', { hasText: title }).textContent(), /您已报名。/);
  await screenshot(resident, 'activities-signed-up-360x800');

  const second = await newResident('孙大爷', Number(community));
  const late = await (await browser.newContext(phone)).newPage();
  await signIn(late, second.username, second.password);
  await late.goto(`${BASE}/activities`);
  assert.match(await late.locator('li.activity', { hasText: title }).textContent(), /名额已满。/);

  // The administrator moves it to another room, then cancels it after the page asks; the
  // resident who signed up sees each change.
  await admin.goto(`${BASE}/admin/activities`);
  const row = admin.locator('#activity-table tr', { hasText: title });
  await row.locator('.edit-activity summary').click();
  await row.locator('input[name="place"]').fill('幸福社区二楼教室');
  await Promise.all([admin.waitForURL(/done=1/), row.locator('.edit-activity button[type=submit]').click()]);
  await resident.goto(`${BASE}/activities`);
  const moved = await resident.locator('li.activity', { hasText: title }).textContent();
  assert.match(moved, /幸福社区二楼教室/);
  assert.match(moved, /有变动/);
  const again = admin.locator('#activity-table tr', { hasText: title });
  await again.locator('.cancel-activity summary').click();
  assert.match(await again.locator('.cancel-activity p').textContent(), /确定取消这个活动吗？/);
  await Promise.all([admin.waitForURL(/done=1/), again.locator('.cancel-activity button').click()]);
  assert.match(await admin.locator('#activity-table tr', { hasText: title }).textContent(), /已取消/);
  await resident.goto(`${BASE}/activities`);
  assert.match(await resident.locator('li.activity', { hasText: title }).textContent(), /这个活动已取消。/);
  await late.goto(`${BASE}/activities`);
  assert.equal(await late.locator('li.activity', { hasText: title }).count(), 0);
});

test('an administrator records a class that already took place, with how many came, in one step', async () => {
  const admin = await (await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' })).newPage();
  await signIn(admin, 'demo_admin');
  await admin.goto(`${BASE}/admin/activities`);
  const title = `上周的太极课 ${Date.now()}`;
  const lastWeek = new Date(Date.now() + (8 - 7 * 24) * 3600 * 1000).toISOString().slice(0, 10);
  await admin.selectOption('#activity-category', 'fitness');
  await admin.fill('#activity-title', title);
  await admin.fill('#activity-place', '和平街道文化站');
  await admin.fill('#activity-time', `${lastWeek}T09:00`);
  await admin.fill('#activity-capacity', '40');
  await admin.fill('#activity-participants', '31');
  await Promise.all([admin.waitForURL(/done=1/), admin.click('form[action="/admin/activities"] button')]);
  const row = admin.locator('#activity-table tr', { hasText: title });
  assert.equal(await row.locator('input[name="participants"]').inputValue(), '31');
  assert.equal(await row.locator('.edit-activity').count(), 0);  // held: nothing to move or cancel
  await screenshot(admin, 'activities-admin-recorded-360x800');
});
