// 站内消息 (issue 21): a class for a resident's community rings the bell, which stays in
// sight on a phone; the messages page reads it. In the simplified pages the message is a
// big card on the home page, and "知道了" puts it away. Both pass axe in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, axeViolations, launch, newResident, screenshot, signIn, switchMode } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function tomorrowInChina() {  // "YYYY-MM-DDT10:00"
  const d = new Date(Date.now() + (8 + 24) * 3600 * 1000);
  return `${d.toISOString().slice(0, 10)}T10:00`;
}

// demo_admin (和平街道) announces a class for 幸福社区; returns its title.
async function announceClass(admin, community, title) {
  await api(admin, 'POST', '/api/v1/activities', {
    unit_id: community, category: 'health', title, place: '幸福社区活动室', starts_at: tomorrowInChina(), capacity: 10,
  });
  return title;
}

async function axeInBothLanguages(context, page, enhanced) {
  const found = [];
  for (const lang of ['zh-CN', 'en']) {
    await context.addCookies([{ name: 'lang', value: lang, url: BASE }]);
    await page.reload();
    found.push(...(await axeViolations(page, enhanced)).map((v) => `${lang} ${page.url()}: ${v}`));
  }
  await context.addCookies([{ name: 'lang', value: 'zh-CN', url: BASE }]);
  await page.reload();
  return found;
}

test('a class for their community rings the bell, and the messages page reads it', async () => {
  const staff = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const admin = await staff.newPage();
  await signIn(admin, 'demo_admin');
  await admin.goto(`${BASE}/admin/activities`);
  const community = Number(await admin.$eval('#activity-unit',
    (s) => [...s.options].find((o) => o.text.trim() === '幸福社区').value));

  for (const mode of ['standard', 'simple']) {
    const person = await newResident('冯阿姨', community);
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, person.username, person.password);
    await switchMode(page, mode);
    const title = await announceClass(admin, community, `健康讲座 ${mode} ${Date.now()}`);
    await page.goto(`${BASE}/`);

    if (mode === 'standard') {
      // The bell is in sight on a phone, with the menu closed.
      assert.ok(await page.isVisible('.site-header .bell'));
      assert.equal((await page.textContent('.bell .count')).replace(/\D/g, ''), '1');
      await Promise.all([page.waitForURL(`${BASE}/me/messages`), page.click('.site-header .bell')]);
      assert.match(await page.textContent('main'), new RegExp(title));
      assert.ok(await page.isVisible('.message.unread .badge.new'));
      await screenshot(page, 'messages-standard-360x800');
      assert.deepEqual(await axeInBothLanguages(context, page, false), []);
      await page.goto(`${BASE}/`);
      assert.equal(await page.$('.bell .count'), null);  // read
    } else {
      assert.match(await page.textContent('.message-card'), new RegExp(title));
      await screenshot(page, 'messages-simple-home-360x800');
      assert.deepEqual(await axeInBothLanguages(context, page, true), []);
      await Promise.all([page.waitForURL(`${BASE}/`), page.click('.message-cards-done button')]);
      assert.equal(await page.$('.message-card'), null);
      await page.goto(`${BASE}/me/messages`);
      assert.match(await page.textContent('main'), new RegExp(title));  // still there, read
      assert.equal(await page.$('.badge.new'), null);
      assert.deepEqual(await axeInBothLanguages(context, page, true), []);
    }

    // The reminders to continue can be turned off on the account page.
    await page.goto(`${BASE}/account`);
    await page.uncheck('input[name="continue_nudges"]');
    await Promise.all([page.waitForURL(/\/account\?done=1/), page.click('form[action="/account/messages"] button')]);
    assert.equal(await page.isChecked('input[name="continue_nudges"]'), false);
    await context.close();
  }
  await staff.close();
});
