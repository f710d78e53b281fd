// 收藏 (issue 21): a resident keeps a course for later from its page, finds it under
// "我的收藏" from their learning page, and lets it go again; in both modes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, demoCourse, launch, newResident, screenshot, signIn, switchMode } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FIRST_AID = '家庭急救小常识';
const clickThrough = (page, selector) => Promise.all([page.waitForEvent('load'), page.click(selector)]);

for (const mode of ['standard', 'simple']) {
  test(`a resident keeps a course for later and finds it under 我的收藏 (${mode})`, async () => {
    const course = await demoCourse(FIRST_AID);
    const person = await newResident('秦阿姨');
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, person.username, person.password);
    await switchMode(page, mode);
    await page.goto(`${BASE}/me/favourites`);
    assert.match(await page.textContent('main'), /还没有收藏的课程/);

    await page.goto(`${BASE}/courses/${course.id}`);
    await clickThrough(page, '.favourite-form button');
    assert.equal(page.url(), `${BASE}/courses/${course.id}`);
    assert.match(await page.textContent('#favourite-state'), /已收藏/);
    assert.equal((await page.textContent('.favourite-form button')).trim(), '取消收藏');

    await page.goto(`${BASE}/me/learning`);
    await clickThrough(page, 'main a[href="/me/favourites"]');
    assert.match(await page.textContent('main'), new RegExp(FIRST_AID));
    await screenshot(page, `favourites-${mode}-360x800`);
    await clickThrough(page, `main a[href="/courses/${course.id}"]`);
    await clickThrough(page, '.favourite-form button');
    assert.equal((await page.textContent('.favourite-form button')).trim(), '☆ 收藏');
    assert.equal(await page.$('#favourite-state'), null);
    await page.goto(`${BASE}/me/favourites`);
    assert.match(await page.textContent('main'), /还没有收藏的课程/);
    await context.close();
  });
}
