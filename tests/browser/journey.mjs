#!/usr/bin/env node
// journey.mjs — walks the account journey keyboard-only in headless Chromium and runs axe-core
// (WCAG 2.2 A/AA) on every page and state it meets, including error states, the 404 page and the
// session-timeout dialog. Usage: node journey.mjs BASE_URL LANG ID_NUMBER PHONE WARD_ID_NUMBER
// Last line: "N passed, M failed" (pages/states without / with violations).
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const fs = require('node:fs');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, lang, idNumber, phone, wardId] = process.argv.slice(2);
if (!base || !lang || !idNumber || !phone || !wardId) {
  console.error('usage: journey.mjs BASE_URL LANG ID_NUMBER PHONE WARD_ID_NUMBER');
  process.exit(2);
}
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const password = 'keyboard-only-1';
let passed = 0;
let failed = 0;
const problems = [];

async function axe(page, label) {
  await page.evaluate(axeSource);
  const res = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  const htmlLang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  const issues = res.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} — ${v.nodes[0].target.join(' ')}`);
  if (htmlLang !== lang) issues.push(`html lang is ${htmlLang}, expected ${lang}`);
  if (issues.length) {
    failed++;
    problems.push(`FAIL ${label} ${page.url()}\n  - ${issues.join('\n  - ')}`);
    console.log(`FAIL ${label}`);
  } else {
    passed++;
    console.log(`PASS ${label}`);
  }
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

// Tab until the element matching `selector` has focus (keyboard only; fails after 60 presses).
async function tabTo(page, selector) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector);
    if (hit) {
      const visible = await page.evaluate(() => {
        const r = document.activeElement.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      });
      check(visible, `${selector} is focused but not visible`);
      return;
    }
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

// Tab to a submit button and press Enter, waiting for the page that comes back.
async function submit(page, selector) {
  await tabTo(page, selector);
  const navigation = page.waitForNavigation();
  await page.keyboard.press('Enter');
  await navigation;
}

async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

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
    check(page.url() === `${base}/people`, `expected the people list, got ${page.url()}`);
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
    failed++;
    problems.push(`FAIL journey step at ${page.url()}: ${e.message.split('\n')[0]}`);
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(p);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
