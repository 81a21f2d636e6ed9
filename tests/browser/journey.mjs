#!/usr/bin/env node
// journey.mjs — walks the account journey keyboard-only in headless Chromium and runs axe-core
// (WCAG 2.2 A/AA) on every page and state it meets, including error states, the 404 page and the
// session-timeout dialog. Usage: node journey.mjs BASE_URL LANG ID_NUMBER PHONE WARD_ID_NUMBER SMS_DIR
// (SMS_DIR: where the app writes the text messages it sends, to read the registration code as the
// person reads it on their phone). Last line: "N passed, M failed" (pages/states without / with
// violations).
import { chromium } from 'playwright-core';
import { ARGS, axeTally, check, smsCode, submit, tabTo, typeInto } from './lib.mjs';

const [base, lang, idNumber, phone, wardId, smsDir] = process.argv.slice(2);
if (!base || !lang || !idNumber || !phone || !wardId || !smsDir) {
  console.error('usage: journey.mjs BASE_URL LANG ID_NUMBER PHONE WARD_ID_NUMBER SMS_DIR');
  process.exit(2);
}
const password = 'keyboard-only-1';
const tally = axeTally(lang);
const axe = tally.axe;

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.A11Y_CHROMIUM || '/usr/bin/chromium', args: ARGS, headless: true });
  const context = await browser.newContext({ locale: lang === 'en' ? 'en-GB' : 'zh-CN' });
  await context.addCookies([{ name: 'lang', value: lang, url: base }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  try {
    // Home, then the skip link is the first Tab stop.
    await page.goto(`${base}/`);
    await axe(page, 'home');
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement.classList.contains('skip-link')), 'skip link is not the first Tab stop');

    // Register: submit empty first (error state), then fill in keyboard-only.
    await page.goto(`${base}/register`);
    await axe(page, 'register');
    await submit(page, 'main button[type=submit]');
    check(await page.locator('.error-summary').count() === 1, 'no error summary after an empty submit');
    check(await page.evaluate(() => document.activeElement.matches('.error-summary')), 'focus not moved to the error summary');
    await axe(page, 'register with errors');
    // The summary link moves focus to its field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    check(await page.evaluate(() => document.activeElement.id === 'real_name'), 'summary link does not focus the field');
    await page.goto(`${base}/register`);
    await typeInto(page, '#real_name', '键盘用户');
    await typeInto(page, '#id_number', idNumber);
    await typeInto(page, '#phone', phone);
    await typeInto(page, '#password', password);
    await typeInto(page, '#password_confirm', password);
    await submit(page, 'main button[type=submit]');
    // The code texted to the mobile number: an empty submit first, then the code.
    check(page.url() === `${base}/register/confirm`, `expected the code page, got ${page.url()}`);
    await axe(page, 'registration code');
    await submit(page, 'main button[type=submit]');
    check(await page.locator('#code-error').count() === 1, 'no error at the code field');
    await axe(page, 'registration code with errors');
    await typeInto(page, '#code', await smsCode(smsDir, phone));
    await submit(page, 'main button[type=submit]');
    check(page.url() === `${base}/account`, `expected the account page, got ${page.url()}`);
    await axe(page, 'account after registering');

    // The session-timeout warning dialog.
    await page.evaluate(() => document.getElementById('timeout-dialog').showModal());
    await axe(page, 'session timeout dialog');
    await page.keyboard.press('Escape');

    await page.goto(`${base}/account/password`);
    await axe(page, 'change password');
    await submit(page, 'main button[type=submit]');
    await axe(page, 'change password with errors');

    // Add a person to act for: errors first, then keyboard-only (the file comes from the file
    // chooser, which Playwright fills in as a person would through the system dialog).
    await page.goto(`${base}/people/new`);
    await axe(page, 'add a person');
    await submit(page, 'main button[type=submit]');
    check(await page.locator('.error-summary').count() === 1, 'no error summary on the add-person form');
    await axe(page, 'add a person with errors');
    await tabTo(page, '#kind-guardian');
    await page.keyboard.press('Space');
    await typeInto(page, '#real_name', '键盘家属');
    await typeInto(page, '#id_number', wardId);
    await tabTo(page, '#relationship');
    await page.keyboard.press('End');
    await page.locator('#proof').setInputFiles({ name: 'proof.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 proof') });
    let xhrUploads = 0;
    page.on('request', (r) => { if (r.resourceType() === 'xhr' && r.method() === 'POST' && r.url().includes('/people/new')) xhrUploads++; });
    await submit(page, 'main button[type=submit]');
    check(xhrUploads === 1, `the upload did not go through the progress enhancement (${xhrUploads})`);
    check(/\/people\/\d+$/.test(page.url()), `expected the claim's page, got ${page.url()}`);
    await page.waitForFunction(() => document.readyState === 'complete');
    check(await page.locator('[data-notice]').count() === 1, 'the notice after the upload is lost');
    check(await page.locator('#code').count() === 1, 'the claim asks for the person\'s code');
    await axe(page, 'a claim waiting for confirmation');
    await submit(page, 'main form[action$="/confirm"] button[type=submit]');
    check(await page.locator('#code-error').count() === 1, 'no error at the code field');
    await axe(page, 'a claim with a missing code');
    await page.goto(`${base}/people`);
    check(await page.locator('tbody tr').count() === 1, 'the person is not listed');
    await axe(page, 'people list');

    // Sign out with the keyboard (the header button).
    await page.goto(`${base}/account`);
    await submit(page, 'header button[type=submit]');
    check(page.url() === `${base}/`, `expected the home page, got ${page.url()}`);
    await axe(page, 'home after signing out');

    // Sign in: wrong password (error state), then right.
    await page.goto(`${base}/login`);
    await typeInto(page, '#identifier', phone);
    await typeInto(page, '#password', 'not-the-password');
    await submit(page, 'main button[type=submit]');
    await axe(page, 'sign in with errors');
    await typeInto(page, '#password', password);
    await submit(page, 'main button[type=submit]');
    check(page.url() === `${base}/account`, `expected the account page, got ${page.url()}`);

    // Forgotten password pages and error pages.
    await page.goto(`${base}/password/forgot`);
    await axe(page, 'forgot password');
    await submit(page, 'main button[type=submit]');
    await axe(page, 'forgot password with errors');
    await page.goto(`${base}/password/reset/${'0'.repeat(64)}`);
    await axe(page, 'expired reset link');
    await page.goto(`${base}/no/such/page`);
    await axe(page, '404 page');
  } catch (e) {
    tally.fail(page, e);
  } finally {
    await browser.close();
  }
  process.exit(tally.report());
}

main();
