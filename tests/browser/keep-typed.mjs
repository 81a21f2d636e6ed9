#!/usr/bin/env node
// keep-typed.mjs — nothing typed is lost when the person chooses «继续登录» (stay signed in) in
// the session bar: with JavaScript (the session is extended in place and the bar shows the new
// end) and without it (the server answers 204 and the browser keeps the page). Keyboard only.
// Usage: node keep-typed.mjs BASE_URL SESSION_COOKIE FORM_PATH FIELD_SELECTOR
// Last line: "N passed, M failed".
import { chromium } from 'playwright-core';
import { ARGS, check, tabTo } from './lib.mjs';

const [base, sessionCookie, path, field] = process.argv.slice(2);
if (!base || !sessionCookie || !path || !field) {
  console.error('usage: keep-typed.mjs BASE_URL SESSION_COOKIE FORM_PATH FIELD_SELECTOR');
  process.exit(2);
}
const [name, value] = sessionCookie.split(/=(.*)/s);
let passed = 0;
const problems = [];

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.A11Y_CHROMIUM || '/usr/bin/chromium', args: ARGS, headless: true });
  try {
    for (const javaScriptEnabled of [true, false]) {
      const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
      const context = await browser.newContext({ javaScriptEnabled });
      await context.addCookies([{ name: 'lang', value: 'zh-CN', url: base }, { name, value, url: base }]);
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      try {
        await page.goto(`${base}${path}`);
        await tabTo(page, field);
        await page.keyboard.type('王小明');
        const before = page.url();
        const answered = page.waitForResponse((r) => r.url().endsWith('/session/extend'));
        await tabTo(page, '#session-timeout [data-extend]');
        await page.keyboard.press('Enter');
        const res = await answered;
        check(res.status() === (javaScriptEnabled ? 200 : 204), `${label}: extend answered ${res.status()}`);
        await page.waitForTimeout(300);
        check(page.url() === before, `${label}: still on the page (${page.url()})`);
        check(await page.inputValue(field) === '王小明', `${label}: what was typed is kept`);
        if (javaScriptEnabled) {
          const body = await res.json();
          check((await page.textContent('[data-session-notice]')).trim() === body.notice, 'the bar shows the new end');
        }
        passed++;
        console.log(`PASS ${label}`);
      } catch (e) {
        problems.push(`FAIL ${label}: ${e.message.split('\n')[0]}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(p);
  console.log(`${passed} passed, ${problems.length} failed`);
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((e) => { console.error(e); process.exit(2); });
