#!/usr/bin/env node
// review-journey.mjs — keyboard only, with axe-core (WCAG 2.2 A/AA) on every page and error state:
// the applicant requests a review (empty reasons first, then reasons typed) and sees it on the case
// page; then anyone objects to an announced entry (every field wrong first, then right).
// Usage: node review-journey.mjs BASE_URL LANG SESSION_COOKIE APPLICATION_PATH OBJECTION_PATH
// Last line: "N passed, M failed".
import { chromium } from 'playwright-core';
import { ARGS, axeTally, check, submit, typeInto } from './lib.mjs';

const [base, lang, sessionCookie, application, objection] = process.argv.slice(2);
if (!base || !lang || !sessionCookie || !application || !objection) {
  console.error('usage: review-journey.mjs BASE_URL LANG SESSION_COOKIE APPLICATION_PATH OBJECTION_PATH');
  process.exit(2);
}
const tally = axeTally(lang);
const axe = tally.axe;

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.A11Y_CHROMIUM || '/usr/bin/chromium', args: ARGS, headless: true });
  const context = await browser.newContext({ locale: lang === 'en' ? 'en-GB' : 'zh-CN' });
  const [name, value] = sessionCookie.split(/=(.*)/s);
  await context.addCookies([{ name: 'lang', value: lang, url: base }, { name, value, url: base }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  try {
    // From the case page to the review form by keyboard.
    await page.goto(`${base}${application}`);
    await submit(page, `main a[href="${application}/review"]`);
    check(page.url().endsWith('/review'), `expected the review form, got ${page.url()}`);
    await submit(page, 'main button[type=submit]');
    check(await page.locator('.error-summary').count() === 1, 'an error summary for empty reasons');
    check(await page.locator('#reasons-error').count() === 1, 'the error at the field');
    await axe(page, 'review request with errors');
    await typeInto(page, '#reasons', lang === 'en' ? 'The grade is lower than my condition.' : '评定等级低于实际情况。');
    await submit(page, 'main button[type=submit]');
    check(page.url().endsWith(application), `expected the case page, got ${page.url()}`);
    check(await page.locator('form[action$="/review/withdraw"]').count() === 1, 'the request can be withdrawn');
    await axe(page, 'case page with the review requested');
    await page.goto(`${base}${application}/review`);
    check(await page.locator('textarea').count() === 0, 'no second request');
    await axe(page, 'review form once requested');

    // Anyone may object to an announced entry (no session needed).
    await context.clearCookies();
    await context.addCookies([{ name: 'lang', value: lang, url: base }]);
    await page.goto(`${base}${objection}`);
    await axe(page, 'objection form');
    await typeInto(page, '#contact', '12345');
    await submit(page, 'main button[type=submit]');
    check(await page.locator('.error-summary li').count() === 3, 'three problems at once');
    check(await page.inputValue('#contact') === '12345', 'what was typed is kept');
    await axe(page, 'objection with errors');
    await typeInto(page, '#name', lang === 'en' ? 'Li Si' : '李四');
    await typeInto(page, '#contact', '13911112222');
    await typeInto(page, '#text', lang === 'en' ? 'This person does not live in this county.' : '此人不是本县居民。');
    await submit(page, 'main button[type=submit]');
    check(page.url().includes('/publications?'), `expected the announcement, got ${page.url()}`);
    check(await page.locator('.notice').count() >= 1, 'a confirmation notice');
    await axe(page, 'announcement after an objection');
  } catch (e) {
    tally.fail(page, e);
  }
  await browser.close();
  process.exit(tally.report());
}

main();
