#!/usr/bin/env node
// card-fit.mjs — the electronic certificate as holders use it on phones (WCAG 1.4.10):
// 1. At 320, 360, 375 and 414 px, in both languages and all four display modes, every value on
//    the card page and on the full-screen show page (亮证) lies wholly inside the card, nothing is
//    cut off by its own box, and the page does not scroll sideways. Screenshots at 360 px go to
//    SHOT_DIR for a person to look at.
// 2. The show page keeps showing the card offline (service worker), says it is offline and when
//    it was last checked online; signing out removes the kept copy.
// Usage: node card-fit.mjs BASE_URL SESSION_COOKIE CARD_PATH HOLDER_NAME SHOT_DIR
// Last line: "N passed, M failed".
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { ARGS, check } from './lib.mjs';

const [base, sessionCookie, card, holder, shots] = process.argv.slice(2);
if (!base || !sessionCookie || !card || !holder || !shots) {
  console.error('usage: card-fit.mjs BASE_URL SESSION_COOKIE CARD_PATH HOLDER_NAME SHOT_DIR');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const [name, value] = sessionCookie.split(/=(.*)/s);
let passed = 0;
const problems = [];

// Every value box inside the card box; no box clips its own content; no sideways page scroll.
function measure([cardSel, valueSel]) {
  const out = [];
  const cardEl = document.querySelector(cardSel);
  if (!cardEl) return [`no ${cardSel}`];
  const c = cardEl.getBoundingClientRect();
  const values = [...document.querySelectorAll(valueSel)];
  if (values.length < 4) out.push(`only ${values.length} values (${valueSel})`);
  for (const v of values) {
    const r = v.getBoundingClientRect();
    const label = `${v.tagName.toLowerCase()} “${(v.textContent || '').trim().slice(0, 24)}”`;
    if (r.left < c.left - 0.5 || r.right > c.right + 0.5) {
      out.push(`${label} spans ${r.left.toFixed(0)}–${r.right.toFixed(0)}px, card ${c.left.toFixed(0)}–${c.right.toFixed(0)}px`);
    }
    if (v.scrollWidth > v.clientWidth + 1 && getComputedStyle(v).overflowX !== 'visible') {
      out.push(`${label} is cut off (${v.scrollWidth}px in ${v.clientWidth}px)`);
    }
  }
  for (let e = cardEl; e; e = e.parentElement) {
    const cs = getComputedStyle(e);
    if (cs.overflowX === 'hidden' && e.scrollWidth > e.clientWidth + 1) out.push(`${e.tagName.toLowerCase()}.${e.className} clips its content`);
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) out.push(`the page scrolls sideways (${doc.scrollWidth}px in ${doc.clientWidth}px)`);
  return out;
}

const PAGES = [
  [card, '.e-card', '.e-card-fields dt, .e-card-fields dd, .e-card-qr, .e-card-photo'],
  [`${card}/show`, '.present-card', '.present-fields dt, .present-fields dd, .present-qr svg, .present-photo'],
];

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.A11Y_CHROMIUM || '/usr/bin/chromium', args: ARGS, headless: true });
  try {
    for (const lang of ['zh-CN', 'en']) {
      for (const display of ['', 'large', 'contrast', 'large,contrast']) {
        const context = await browser.newContext({ viewport: { width: 320, height: 720 } });
        const cookies = [{ name: 'lang', value: lang, url: base }, { name, value, url: base }];
        if (display) cookies.push({ name: 'display', value: display, url: base });
        await context.addCookies(cookies);
        const page = await context.newPage();
        for (const [path, cardSel, valueSel] of PAGES) {
          await page.goto(`${base}${path}`);
          for (const width of [320, 360, 375, 414]) {
            await page.setViewportSize({ width, height: 720 });
            const found = await page.evaluate(measure, [cardSel, valueSel]);
            const label = `${path} ${lang} ${display || 'standard'} ${width}px`;
            if (found.length) problems.push(`FAIL ${label}\n  - ${found.join('\n  - ')}`);
            else passed++;
            if (width === 360) {
              const file = `${shots}/${path.endsWith('/show') ? 'show' : 'card'}-${lang}-${display.replace(',', '-') || 'standard'}-360.png`;
              await page.screenshot({ path: file, fullPage: true });
            }
          }
        }
        await context.close();
      }
    }
    await offline(browser);
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(p);
  console.log(`${passed} passed, ${problems.length} failed`);
  process.exitCode = problems.length ? 1 : 0;
}

// Kept for offline use, shown offline with the time it was checked, and gone after sign-out.
async function offline(browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 720 }, serviceWorkers: 'allow' });
  await context.addCookies([{ name: 'lang', value: 'zh-CN', url: base }, { name, value, url: base }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const show = `${base}${card}/show`;
  try {
    await page.goto(show);
    const checked = await page.textContent('#present-checked');
    // Wait until the worker controls the page and has kept it.
    await page.waitForFunction(async (p) => !!navigator.serviceWorker.controller && !!(await caches.match(p)),
      new URL(show).pathname);
    // Once more online, now through the worker, then offline.
    await page.reload();
    await page.waitForFunction(async (p) => !!navigator.serviceWorker.controller && !!(await caches.match(p)),
      new URL(show).pathname);
    await context.setOffline(true);
    await page.reload();
    check((await page.textContent('.present-name')).trim() === holder, 'the card shows offline');
    check(await page.isVisible('[data-offline-note]'), 'the page says it is offline');
    check((await page.textContent('#present-checked')) === checked, 'with the time it was last checked online');
    await page.screenshot({ path: `${shots}/show-offline-360.png`, fullPage: true });
    await context.setOffline(false);
    // Signing out removes the kept copy.
    await page.goto(`${base}/account`);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
    const left = await page.evaluate(async () => (await caches.keys()).length);
    check(left === 0, `the kept card is removed on sign-out (${left} caches left)`);
    passed++;
  } catch (e) {
    problems.push(`FAIL offline show mode: ${e.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
}

main().catch((e) => { console.error(e); process.exit(2); });
