#!/usr/bin/env node
// staff-errors.mjs — a staff form in its error state, keyboard only, in both languages: the
// clerk returns a case without saying what to correct and rejects it without a reason. Each
// time the error summary takes focus and links to the field; the field shows the message and is
// aria-invalid; following the link puts the field's label in view with the field focused. Then
// the counter's form sent empty (issue #21).
// axe-core runs on each error state. (That answers are kept is checked over HTTP, tests/api.)
// Usage: node staff-errors.mjs BASE_URL LANG SESSION_COOKIE ITEM_PATH SHOT_DIR
// Last line: "N passed, M failed".
import { chromium } from 'playwright-core';
import { ARGS, axeTally, check, submit, tabTo } from './lib.mjs';

const [base, lang, sessionCookie, item, shots] = process.argv.slice(2);
if (!base || !lang || !sessionCookie || !item || !shots) {
  console.error('usage: staff-errors.mjs BASE_URL LANG SESSION_COOKIE ITEM_PATH SHOT_DIR');
  process.exit(2);
}
const tally = axeTally(lang);

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.A11Y_CHROMIUM || '/usr/bin/chromium', args: ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 360, height: 720 } });
  const [name, value] = sessionCookie.split(/=(.*)/s);
  await context.addCookies([{ name: 'lang', value: lang, url: base }, { name, value, url: base }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  try {
    await page.goto(`${base}${item}`);
    // Return for correction with nothing listed (a ticked section would list itself).
    await submit(page, 'form:has(input[name=command][value=return_for_correction]) button[type=submit]');
    await expectError(page, 'items');
    await page.screenshot({ path: `${shots}/staff-error-${lang}-360.png`, fullPage: false });
    await tally.axe(page, 'return without a list');
    // Reject without a reason.
    await submit(page, 'form:has(input[name=command][value=reject]) button[type=submit]');
    await expectError(page, 'reason');
    await tally.axe(page, 'reject without a reason');
    // The counter (issue #21): starting a form for nobody, on a tablet-sized and a phone screen.
    await page.goto(`${base}/staff/counter`);
    await submit(page, 'form.counter-form button[type=submit]');
    await expectError(page, 'id_number');
    await tally.axe(page, 'the counter without a person');
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.screenshot({ path: `${shots}/counter-error-${lang}-768.png`, fullPage: true });
    await page.setViewportSize({ width: 360, height: 720 });
  } catch (e) {
    tally.fail(page, e);
  } finally {
    await browser.close();
  }
  process.exitCode = tally.report();
}

// The summary has focus and links to #id; following it focuses the field with its label shown.
async function expectError(page, id) {
  check(await page.evaluate(() => document.activeElement.matches('[data-error-summary]')), 'the summary has focus');
  check(await page.locator(`.error-summary a[href="#${id}"]`).count() === 1, `the summary links to #${id}`);
  check(await page.locator(`#${id}-error`).count() === 1, `the message at #${id}`);
  check(await page.getAttribute(`#${id}`, 'aria-invalid') === 'true', `#${id} is aria-invalid`);
  check((await page.getAttribute(`#${id}`, 'aria-describedby') || '').includes(`${id}-error`), `#${id} is described by its message`);
  await tabTo(page, `.error-summary a[href="#${id}"]`);
  await page.keyboard.press('Enter');
  check(await page.evaluate((i) => document.activeElement.id === i, id), `Enter on the link focuses #${id}`);
  const shown = await page.evaluate((i) => {
    const label = document.querySelector(`label[for="${i}"]`);
    const r = label.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }, id);
  check(shown, `the label of #${id} is in view`);
}

main().catch((e) => { console.error(e); process.exit(2); });
