#!/usr/bin/env node
// trust-journey.mjs — keyboard only, with axe-core (WCAG 2.2 A/AA) on every page and error state of
// the trust features (issue #16): a visitor's result lookup that asks for the texted code and the
// posted certificate verification with its errors; a clerk verifying an identity at the counter
// and checking a claim to act for someone; an administrator finding an account; a person
// confirming someone who acts for them.
// Usage: node trust-journey.mjs BASE_URL LANG DISPLAY JSON
//   DISPLAY: "" or "large,contrast"; JSON: {clerk, admin, person} session cookies, {idNumber, name}
//   of the person at the counter, {lookupId, lookupName} of a result that is not public.
// Last line: "N passed, M failed".
import { chromium } from 'playwright-core';
import { ARGS, axeTally, check, submit, tabTo, typeInto } from './lib.mjs';

const [base, lang, display, json] = process.argv.slice(2);
if (!base || !lang || display === undefined || !json) {
  console.error('usage: trust-journey.mjs BASE_URL LANG DISPLAY JSON');
  process.exit(2);
}
const o = JSON.parse(json);
const tally = axeTally(lang);
const axe = (page, label) => tally.axe(page, `${label}${display ? ` (${display})` : ''}`);

async function as(browser, cookie) {
  const context = await browser.newContext({ locale: lang === 'en' ? 'en-GB' : 'zh-CN' });
  const cookies = [{ name: 'lang', value: lang, url: base }];
  if (display) cookies.push({ name: 'display', value: display, url: base });
  if (cookie) {
    const [name, value] = cookie.split(/=(.*)/s);
    cookies.push({ name, value, url: base });
  }
  await context.addCookies(cookies);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.A11Y_CHROMIUM || '/usr/bin/chromium', args: ARGS, headless: true });
  let page = await as(browser, '');
  try {
    // A visitor looks up a result that is not public: the page asks for the texted code.
    await page.goto(`${base}/publications/lookup`);
    await typeInto(page, '#id_number', o.lookupId);
    await typeInto(page, '#name', o.lookupName);
    await submit(page, 'main button[type=submit]');
    check(await page.locator('#code').count() === 1, 'the code is asked for');
    await axe(page, 'lookup: the code page');
    await typeInto(page, '#code', '000000');
    await submit(page, 'main button[type=submit]');
    check(await page.locator('#code-error').count() === 1, 'a wrong code is refused at the field');
    await axe(page, 'lookup: a wrong code');

    // The government account cannot be reached: the page says so and offers the other ways.
    await page.goto(`${base}/login/government`);
    check(await page.locator('main a[href="/login"]').count() === 1, 'another way to sign in');
    await axe(page, 'government sign-in unavailable');

    // Verification by typed number and code is posted; errors at the fields.
    await page.goto(`${base}/verify`);
    await submit(page, 'main form[action="/verify"] button[type=submit]');
    check(!page.url().includes('number='), 'the number never goes into the URL');
    check(await page.locator('#number-error').count() === 1, 'the number error at its field');
    await axe(page, 'verification with errors');
    // A result (here: cannot be verified) takes focus, so that it is read out (WCAG 4.1.3).
    await typeInto(page, '#number', `${o.lookupId}42`);
    await typeInto(page, '#code', 'ABCD2345');
    await submit(page, 'main form[action="/verify"] button[type=submit]');
    const focused = await page.waitForFunction(() => document.activeElement
      && document.activeElement.id === 'result', null, { timeout: 5000 }).then(() => true, () => false);
    check(focused, 'the verification result takes focus');

    // The clerk at the counter: the ID card box first, then the person's account, verified.
    page = await as(browser, o.clerk);
    await page.goto(`${base}/staff/identity`);
    await axe(page, 'counter identity');
    await submit(page, 'main button[type=submit]');
    check(await page.locator('#seen-error').count() === 1, 'the ID card box error at its field');
    await axe(page, 'counter identity with errors');
    await typeInto(page, '#id_number', o.idNumber);
    await typeInto(page, '#real_name', o.name);
    await tabTo(page, '#seen');
    await page.keyboard.press('Space');
    await submit(page, 'main form button[type=submit]');
    check(await page.locator('#identity-found').count() === 1, 'the account is found');
    await axe(page, 'counter identity: the account found');
    await submit(page, 'main form input[value=verify] ~ button');
    check(page.url().endsWith('/staff/identity'), `expected the counter page, got ${page.url()}`);
    check(await page.locator('.notice').count() === 1, 'a notice says it is verified');

    // The clerk checks a claim: refusing without a reason first.
    await page.goto(`${base}/staff/claims`);
    await axe(page, 'claims to check');
    await submit(page, 'main a[href^="/staff/claims/"]');
    await axe(page, 'a claim to check');
    // A radio group is one Tab stop; the arrow key moves to (and chooses) the next option.
    await tabTo(page, '#decision-confirm');
    await page.keyboard.press('ArrowDown');
    await submit(page, 'main button[type=submit]');
    check(await page.locator('#note-error').count() === 1, 'the missing reason at its field');
    check(await page.locator('#decision-refuse:checked').count() === 1, 'the choice is kept');
    await axe(page, 'a claim with errors');

    // The administrator finds an account.
    page = await as(browser, o.admin);
    await page.goto(`${base}/admin/accounts`);
    await submit(page, 'main button[type=submit]');
    check(await page.locator('#identifier-error').count() === 1, 'the identifier error at its field');
    await axe(page, 'accounts with errors');
    await typeInto(page, '#identifier', o.idNumber);
    await submit(page, 'main button[type=submit]');
    check(await page.locator('#account-found').count() === 1, 'the account is found');
    await axe(page, 'accounts: the account found');

    // The person confirms someone who acts for them.
    page = await as(browser, o.person);
    await page.goto(`${base}/people`);
    await axe(page, 'people who act for me');
    await submit(page, 'main form input[value=confirm] ~ button');
    check(page.url().endsWith('/people'), `expected the people page, got ${page.url()}`);
    await axe(page, 'people who act for me, confirmed');
  } catch (e) {
    tally.fail(page, e);
  } finally {
    await browser.close();
  }
  process.exit(tally.report());
}

main();
