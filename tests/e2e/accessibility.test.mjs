// Every page type, in both modes and both languages, checked by axe-core for WCAG 2.1 AA
// (and, in the simplified mode, 7:1 contrast); none may scroll sideways at 360 or 320 px.
// Screenshots of each at 360×800 and 1366×768 go to test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, axeViolations, demoCourse, issueCard, launch, newResident, screenshot, signIn, switchMode, watchWhole } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FRAUD = '老年人防范电信诈骗';           // two lessons, the first with captions
const WECHAT = '智能手机入门：微信视频通话';  // one 16 s lesson

// Whether the page scrolls sideways, naming the widest elements that stick out.
async function scrollsSideways(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return false;
    const out = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > width + 1
      && ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1));
    return out.slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).join(', ') || 'yes';
  });
}

// Who is signed in for each page, and the state the pages need: a learner with a course in
// progress and a completed one (its certificate), and a learning card.
async function setUp() {
  const fraud = await demoCourse(FRAUD);
  const wechat = await demoCourse(WECHAT);
  const context = (name) => browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
  const people = { anonymous: await context() };
  const learner = await newResident('周阿姨');
  people.learner = await context();
  await signIn(await people.learner.newPage(), learner.username, learner.password);
  for (const role of ['teacher', 'admin', 'staff', 'city']) {
    people[role] = await context();
    await signIn(await people[role].newPage(), `demo_${role}`);
  }
  const learnerPage = people.learner.pages()[0];
  await api(learnerPage, 'PUT', `/api/v1/courses/${fraud.id}/enrolment`);
  await api(learnerPage, 'POST', `/api/v1/lessons/${fraud.lessons[0].id}/progress`, { ranges: [[0, 6]], position_ms: 6000 });
  await api(learnerPage, 'PUT', `/api/v1/courses/${wechat.id}/enrolment`);
  await watchWhole(learnerPage, wechat.lessons[0].id);
  await api(learnerPage, 'PUT', `/api/v1/courses/${fraud.id}/favourite`);
  await learnerPage.goto(`${BASE}/me/certificates/${wechat.id}`);
  const code = (await learnerPage.textContent('#verification-code')).trim();

  const cardUrl = await issueCard(people.staff.pages()[0], '吴大爷');
  return { people, fraud, wechat, code, cardUrl };
}

// Every page type: [name, who, path]. The learning card's printed page is the answer to
// the staff's form, so it is reached by sending the form.
function pageTypes(s) {
  return [
    ['catalog', 'anonymous', '/'],
    ['search', 'anonymous', `/?q=${encodeURIComponent('微信')}`],
    ['catalog-signed-in', 'learner', '/'],
    ['course', 'learner', `/courses/${s.fraud.id}`],
    ['course-anonymous', 'anonymous', `/courses/${s.wechat.id}`],
    ['lesson', 'learner', `/lessons/${s.fraud.lessons[0].id}`],
    ['my-learning', 'learner', '/me/learning'],
    ['favourites', 'learner', '/me/favourites'],
    ['messages', 'learner', '/me/messages'],
    ['rate', 'learner', `/courses/${s.fraud.id}/rate`],
    ['certificate', 'learner', `/me/certificates/${s.wechat.id}`],
    ['account', 'learner', '/account'],
    ['verify', 'anonymous', '/verify'],
    ['verify-result', 'anonymous', `/verify/${s.code}`],
    ['login', 'anonymous', '/login'],
    ['register', 'anonymous', '/register'],
    ['card-welcome', 'anonymous', s.cardUrl],
    ['card-desk', 'staff', '/staff/cards'],
    ['card-print', 'staff', async (page) => {
      await page.goto(`${BASE}/staff/cards`);
      await page.fill('#display_name', '郑奶奶');
      await page.selectOption('#org_unit_id', await page.$eval('#org_unit_id option[value]:not([value=""])', (o) => o.value));
      await Promise.all([page.waitForEvent('framenavigated'), page.click('form[action="/staff/cards"] button')]);
      await page.waitForSelector('.card-qr');
    }],
    ['teach', 'teacher', '/teach'],
    ['teach-course', 'teacher', `/teach/courses/${s.fraud.id}`],
    ['review', 'admin', '/review'],
    ['units', 'admin', '/admin/units'],
    ['stats', 'admin', '/admin/stats'],
    ['stats-report', 'admin', '/admin/stats/report'],
    ['activities', 'learner', '/activities'],
    ['activities-admin', 'admin', '/admin/activities'],
    ['teach-figures', 'teacher', `/teach/courses/${s.fraud.id}/figures`],
    ['categories', 'city', '/admin/categories'],
    ['system', 'city', '/admin/system'],
    ['privacy', 'anonymous', '/privacy'],
    ['not-found', 'anonymous', '/courses/999999999'],
  ];
}

async function setMode(s, mode, lang) {
  for (const context of Object.values(s.people)) {
    const page = context.pages()[0] ?? await context.newPage();
    await switchMode(page, mode);
    await context.addCookies([{ name: 'lang', value: lang, url: BASE }]);
  }
}

test('every page type passes axe in both modes and both languages, and fits 320 px', async () => {
  const s = await setUp();
  const problems = [];
  const watched = new WeakSet();
  try {
    for (const [mode, lang] of [['standard', 'zh-CN'], ['standard', 'en'], ['simple', 'zh-CN'], ['simple', 'en']]) {
      await setMode(s, mode, lang);
      for (const [name, who, where] of pageTypes(s)) {
        const page = s.people[who].pages()[0];
        if (!watched.has(page)) {  // anything the Content-Security-Policy refused is a problem of the page
          watched.add(page);
          page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`); });
        }
        await page.setViewportSize({ width: 360, height: 800 });
        if (typeof where === 'function') await where(page); else await page.goto(`${BASE}${where}`);
        const label = `${name} (${mode}, ${lang})`;
        assert.equal(await page.getAttribute('html', 'lang'), lang, label);
        // The learning card's landing page is simplified for everyone: it is for older residents.
        const simple = mode === 'simple' || name === 'card-welcome';
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('simple')), simple, label);
        for (const v of await axeViolations(page, simple)) problems.push(`${label}: ${v}`);
        const at360 = await scrollsSideways(page);
        if (at360) problems.push(`${label}: scrolls sideways at 360 px: ${at360}`);
        if (lang === 'zh-CN') await screenshot(page, `pages/${name}-${mode}-360x800`);
        await page.setViewportSize({ width: 320, height: 640 });
        const at320 = await scrollsSideways(page);
        if (at320) problems.push(`${label}: scrolls sideways at 320 px: ${at320}`);
        if (lang === 'zh-CN') {
          await page.setViewportSize({ width: 1366, height: 768 });
          await screenshot(page, `pages/${name}-${mode}-1366x768`);
        }
      }
    }
  } finally {
    await setMode(s, 'standard', 'zh-CN');  // the demo accounts are shared with other tests
    for (const context of Object.values(s.people)) await context.close();
  }
  assert.deepEqual(problems, []);
});
