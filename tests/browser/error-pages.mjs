#!/usr/bin/env node
// error-pages.mjs — the pages that say nothing was saved, and the address refused (issue #22), as
// a person meets them, in both languages, on a phone (360 px) and in large text with high contrast at 320 px:
// - 422: the forgotten-password form sent with an invisible control character in a field's name
//   (as only a broken or tampered client sends it: one pasted into a field is refused at that
//   field instead, on every form where people type);
// - 503: a signed-in page while the database is out of reach (the caller takes it away first);
// - 414: the listing at an address longer than any page makes (8 KB).
// Each: the status and the title, axe-core (WCAG 2.2 AA), no sideways scroll, and a link back
// home reachable by keyboard with its focus visible.
// Usage: node error-pages.mjs BASE_URL LANG 422|503|414 [SESSION_COOKIE]
// Last line: "N passed, M failed".
import { chromium } from 'playwright-core';
import { ARGS, axeTally, check, tabTo } from './lib.mjs';

const [base, lang, which, sessionCookie] = process.argv.slice(2);
if (!base || !lang || !['422', '503', '414'].includes(which)) {
  console.error('usage: error-pages.mjs BASE_URL LANG 422|503|414 [SESSION_COOKIE]');
  process.exit(2);
}
const tally = axeTally(lang);
const TITLES = {
  '422': { 'zh-CN': '无法保存填写的内容', en: 'could not be saved' },
  '503': { 'zh-CN': '服务暂时不可用', en: 'unavailable' },
  '414': { 'zh-CN': '网址太长', en: 'too long' },
};

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.A11Y_CHROMIUM || '/usr/bin/chromium', args: ARGS, headless: true });
  for (const [display, width] of [['', 360], ['large,contrast', 320]]) {
    const context = await browser.newContext({ viewport: { width, height: 720 } });
    const cookies = [{ name: 'lang', value: lang, url: base }];
    if (display) cookies.push({ name: 'display', value: display, url: base });
    if (sessionCookie) {
      const [name, value] = sessionCookie.split(/=(.*)/s);
      cookies.push({ name, value, url: base });
    }
    await context.addCookies(cookies);
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const label = `${which} ${display || 'standard'} ${width}px`;
    try {
      let status;
      if (which === '422') {
        await page.goto(`${base}/password/forgot`);
        // A field whose name holds a NUL: the browser sends it as it is.
        await page.evaluate(() => {
          const extra = document.createElement('input');
          extra.type = 'hidden';
          extra.name = 'note\u0000';
          extra.value = 'x';
          document.querySelector('#identifier').form.appendChild(extra);
        });
        const [res] = await Promise.all([
          page.waitForNavigation(),
          page.evaluate(() => document.querySelector('#identifier').form.submit()),
        ]);
        status = res.status();
      } else if (which === '414') {
        status = (await page.goto(`${base}/publications?x=${'a'.repeat(8 * 1024)}`)).status();
      } else {
        status = (await page.goto(`${base}/account/notices`)).status();
      }
      check(status === Number(which), `status ${status}, expected ${which}`);
      const h1 = await page.textContent('h1');
      check(h1.includes(TITLES[which][lang]), `title «${h1}»`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(wide <= 1, `scrolls sideways by ${wide}px`);
      await tally.axe(page, label);
      await tabTo(page, 'main a[href="/"]');
      const outline = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      });
      check(outline, 'the focused link shows its focus');
    } catch (e) {
      tally.fail(page, e);
      console.log(`FAIL ${label}: ${e.message.split('\n')[0]}`);
    } finally {
      await context.close();
    }
  }
  await browser.close();
  process.exitCode = tally.report();
}

main();
