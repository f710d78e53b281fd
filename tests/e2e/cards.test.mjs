// Community staff make a learning card; the QR code printed on it, read back from the
// rendered page by a real QR decoder (zbarimg), signs a fresh browser in as the resident.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, BASE, launch, newResident, signIn, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a learning card made by staff signs a fresh phone in with one tap', async () => {
  const desk = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const staffPage = await desk.newPage();
  await signIn(staffPage, 'demo_staff');
  await staffPage.goto(`${BASE}/staff/cards`);
  const name = `钱阿姨${Date.now() % 100000}`;
  await staffPage.fill('#display_name', name);
  const community = await staffPage.$eval('#org_unit_id option[value]:not([value=""])', (o) => o.value);
  await staffPage.selectOption('#org_unit_id', community);
  await Promise.all([staffPage.waitForLoadState('load'), staffPage.click('form[action="/staff/cards"] button')]);
  await staffPage.waitForSelector('.card-qr');
  assert.match(await staffPage.textContent('.card-holder'), new RegExp(name));
  await screenshot(staffPage, 'learning-card');

  // Read the QR code as a phone would: from the picture, not from the page's text.
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const png = path.join(ARTIFACTS, 'learning-card-qr.png');
  await (await staffPage.$('.card-qr')).screenshot({ path: png });
  const url = execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).trim();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/card\/[A-Za-z0-9_-]{43}$/);
  await desk.close();

  const phone = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await phone.newPage();
  await page.goto(url);
  assert.match(await page.textContent('main'), new RegExp(name));
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('form[action^="/card/"] button')]);
  assert.equal((await page.textContent('.site-header .who')).trim(), name);
  await screenshot(page, 'learning-card-signed-in');

  // A card is a learner's key only: staff pages stay closed.
  const staffOnly = await page.goto(`${BASE}/staff/cards`);
  assert.equal(staffOnly.status(), 403);
  await phone.close();
});

test('a resident who forgot their password gets a temporary one at the desk and sets their own', async () => {
  const desk = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const staffPage = await desk.newPage();
  await signIn(staffPage, 'demo_staff');
  await staffPage.goto(`${BASE}/staff/cards`);
  const community = await staffPage.$eval('#org_unit_id option[value]:not([value=""])', (o) => Number(o.value));
  const person = await newResident('吴阿姨', community);
  await Promise.all([staffPage.waitForURL(/\/staff\/password$/), staffPage.click('#desk-password-link')]);
  await staffPage.fill('#username', person.username);
  await Promise.all([staffPage.waitForURL(/username=/), staffPage.press('#username', 'Enter')]);
  assert.match(await staffPage.textContent('#desk-confirm'), /吴阿姨/);  // who it is, before anything changes
  await Promise.all([staffPage.waitForLoadState('load'), staffPage.click('#desk-reset')]);
  const temporary = (await staffPage.textContent('#temporary-password')).trim();
  assert.match(temporary, /^[A-Za-z0-9]{10}$/);
  await screenshot(staffPage, 'desk-password-1366');
  await desk.close();

  const phone = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const page = await phone.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('#username', person.username);
  await page.fill('#password', temporary);
  await Promise.all([page.waitForURL(/\/account\?change=1$/), page.click('button[type=submit]')]);
  await page.fill('#current_password', temporary);
  await page.fill('#new_password', 'my own password 2026');
  await Promise.all([page.waitForURL(/\/account\?done=1$/), page.click('form[action="/account/password"] button')]);
  await phone.close();
});
