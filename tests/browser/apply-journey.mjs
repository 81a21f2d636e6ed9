#!/usr/bin/env node
// apply-journey.mjs — walks the whole application form keyboard-only in headless Chromium (with
// JavaScript: address lists filled by script, uploads with progress) and runs axe-core
// (WCAG 2.2 A/AA) on every page and error state it meets, up to the confirmation.
// Usage: node apply-journey.mjs BASE_URL LANG SESSION_COOKIE   (cookie as "name=value")
// Last line: "N passed, M failed".
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { ARGS, axeTally, check, submit, tabTo, typeInto } from './lib.mjs';

// A real picture: uploads are measured by their header (issue #22).
const SCAN = readFileSync(new URL('../fixtures/photo.png', import.meta.url));

const [base, lang, sessionCookie] = process.argv.slice(2);
if (!base || !lang || !sessionCookie) {
  console.error('usage: apply-journey.mjs BASE_URL LANG SESSION_COOKIE');
  process.exit(2);
}
const tally = axeTally(lang);
const axe = tally.axe;

async function press(page, selector, key) {
  await tabTo(page, selector);
  await page.keyboard.press(key);
}

const CONTINUE = 'main button[value=continue]';

// Chooses a radio as a keyboard user does: Tab into the group, arrow keys to the option.
async function radio(page, name, value) {
  await tabTo(page, `input[type=radio][name=${name}]`);
  for (let i = 0; i < 20; i++) {
    if (await page.evaluate(() => document.activeElement.value) === value) {
      await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`could not choose ${value} in ${name}`);
}

// Chooses the option `value` of a select with the arrow keys (as a keyboard user does).
async function chooseWithArrows(page, selector, value) {
  await tabTo(page, selector);
  await page.waitForFunction((s) => document.querySelector(s).options.length > 1, selector);
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate((s) => document.querySelector(s).value, selector) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`could not choose ${value} in ${selector}`);
}

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.A11Y_CHROMIUM || '/usr/bin/chromium', args: ARGS, headless: true });
  const context = await browser.newContext({ locale: lang === 'en' ? 'en-GB' : 'zh-CN' });
  const [name, value] = sessionCookie.split(/=(.*)/s);
  await context.addCookies([{ name: 'lang', value: lang, url: base }, { name, value, url: base }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  try {
    await page.goto(`${base}/apply`);
    await axe(page, 'start page');
    await submit(page, 'main .button-start');
    check(/\/apply\/\d+\/who$/.test(page.url()), `expected the first question, got ${page.url()}`);
    const draft = page.url().replace(/\/who$/, '');
    await axe(page, 'who');
    await submit(page, CONTINUE);
    check(await page.evaluate(() => document.activeElement.matches('.error-summary')), 'focus not on the error summary');
    await axe(page, 'who with errors');
    await radio(page, 'applying_as', 'self');
    await submit(page, CONTINUE);

    await axe(page, 'certificate');
    await radio(page, 'held', 'none');
    await submit(page, CONTINUE);

    await axe(page, 'matter');
    await radio(page, 'matter', 'new');
    check(await page.locator('#renewal_kind-expiry').isHidden(), 'renewal questions show for a new certificate');
    check(await page.locator('#categories-4').isVisible(), 'category questions hidden for a new certificate');
    await press(page, '#categories-4', 'Space');
    await submit(page, CONTINUE);

    await axe(page, 'personal details');
    await chooseWithArrows(page, '#ethnicity', '01');
    await chooseWithArrows(page, '#marital', '10');
    await chooseWithArrows(page, '#education', '10');
    await typeInto(page, '#phone', '1390000');
    await submit(page, CONTINUE);
    await axe(page, 'personal details with errors');
    await typeInto(page, '#phone', '13900000009');
    await submit(page, CONTINUE);

    await axe(page, 'addresses');
    check(await page.locator('[data-refresh]:visible').count() === 0, 'the reload buttons show although the lists are filled by script');
    await chooseWithArrows(page, '#hukou_province', '43');
    await chooseWithArrows(page, '#hukou_city', '4301');
    await chooseWithArrows(page, '#hukou_county', '430102');
    await chooseWithArrows(page, '#hukou_township', '430102001');
    await typeInto(page, '#hukou_detail', '幸福村3组12号');
    await radio(page, 'same_residence', 'yes');
    await submit(page, CONTINUE);

    await axe(page, 'contact');
    await submit(page, CONTINUE);

    await axe(page, 'services');
    await press(page, '#services-living_subsidy', 'Space');
    await submit(page, CONTINUE);

    await axe(page, 'service questions');
    await press(page, '#benefits-dibao', 'Space');
    await typeInto(page, '#bank_holder', await page.evaluate(() => document.querySelector('#bank_holder').value));
    await typeInto(page, '#bank_name', '中国农业银行长沙芙蓉支行');
    await typeInto(page, '#bank_card', '6228 4804 0256 4890 018');
    await submit(page, CONTINUE);

    await axe(page, 'assessment needs');
    await press(page, '#needs-step_free', 'Space');
    await submit(page, CONTINUE);

    await axe(page, 'delivery');
    await radio(page, 'delivery', 'township');
    await submit(page, CONTINUE);

    check(page.url() === `${draft}/materials`, `expected the materials, got ${page.url()}`);
    await axe(page, 'materials');
    // A wrong file first (error state), then the right ones, each through the upload button.
    await page.locator('#file-photo').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ not an image') });
    // The upload goes through the progress enhancement; a refusal replaces the page in place.
    await tabTo(page, '#material-photo button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.error-summary');
    // The refusal was written into the document by script: wait until its stylesheet applies
    // (before that, the unstyled page's links are small and close together) and the script has
    // moved focus to the summary, as a person would meet the page.
    await page.waitForFunction(() => document.readyState === 'complete'
      && getComputedStyle(document.querySelector('.skip-link')).position === 'absolute'
      && document.activeElement && document.activeElement.matches('.error-summary'));
    await axe(page, 'materials with errors');
    let xhrUploads = 0;
    page.on('request', (r) => { if (r.resourceType() === 'xhr' && r.method() === 'POST' && r.url().includes('/materials/')) xhrUploads++; });
    for (const m of ['id_card', 'hukou_book', 'photo']) {
      await page.locator(`#file-${m}`).setInputFiles({ name: `${m}.png`, mimeType: 'image/png', buffer: SCAN });
      await tabTo(page, `#material-${m} form[enctype] button[type=submit]`);
      await page.keyboard.press('Enter');
      // The «文件已上传» notice is shown (the redirect's page is kept, not loaded again) and
      // focus returns to the section the file went to (WCAG 4.1.3).
      const landed = await page.waitForFunction((id) => document.readyState === 'complete'
        && document.querySelector('[data-notice]') && document.activeElement
        && document.activeElement.id === id, `material-${m}`, { timeout: 15000 }).then(() => true, () => false);
      check(landed, `${m}: the upload notice or the focus on its section is lost`);
    }
    check(page.url().endsWith(`/materials#material-photo`), `the address names the section: ${page.url()}`);
    check(await page.locator('a[href^="/uploads/"]').count() === 3, 'three files are not listed');
    check(xhrUploads === 3, `uploads did not go through the progress enhancement (${xhrUploads})`);
    await page.goto(draft);
    await axe(page, 'task list');
    await submit(page, `main a[href="${new URL(draft).pathname}/check"]`);
    check(page.url() === `${draft}/check`, `expected the check page, got ${page.url()}`);
    await axe(page, 'check your answers');
    await submit(page, 'main button[data-prevent-double-click]');
    check(await page.locator('.error-summary').count() === 1, 'no error without the declaration');
    await axe(page, 'check your answers with errors');
    await press(page, '#commitment', 'Space');
    await submit(page, 'main button[data-prevent-double-click]');
    check(/\/applications\/\d+$/.test(page.url()), `expected the confirmation, got ${page.url()}`);
    check(/\d{8}-430102-\d{6}/.test(await page.locator('.panel-confirmation').innerText()), 'no reference on the confirmation');
    await axe(page, 'confirmation');
    await page.goto(`${base}/applications`);
    await axe(page, 'my applications');
  } catch (e) {
    tally.fail(page, e);
  } finally {
    await browser.close();
  }
  process.exit(tally.report());
}

main();
