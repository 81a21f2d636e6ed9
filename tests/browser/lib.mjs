// lib.mjs — what the keyboard journeys share: axe-core (WCAG 2.2 A/AA) with a pass/fail tally,
// Tab-only navigation helpers, and the Chromium launch settings.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fs = require('node:fs');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Runs axe on pages and states and counts them; `report()` prints and returns the exit code.
export function axeTally(lang) {
  let passed = 0;
  let failed = 0;
  const problems = [];
  return {
    async axe(page, label) {
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
    },
    fail(page, e) {
      failed++;
      problems.push(`FAIL journey step at ${page.url()}: ${e.message.split('\n')[0]}`);
    },
    report() {
      for (const p of problems) console.log(p);
      console.log(`${passed} passed, ${failed} failed`);
      return failed ? 1 : 0;
    },
  };
}

export function check(cond, message) {
  if (!cond) throw new Error(message);
}

// Tab until the element matching `selector` has focus (keyboard only), and check it is visible.
export async function tabTo(page, selector, most = 120) {
  for (let i = 0; i < most; i++) {
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

// Tab to a button or link and press Enter, waiting for the page that comes back.
export async function submit(page, selector) {
  await tabTo(page, selector);
  const navigation = page.waitForNavigation();
  await page.keyboard.press('Enter');
  await navigation;
}

export async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

// The newest six-digit code texted to `phone`, as the app's file channel wrote it into `dir`
// (waits up to 5 s for the outbox to send it).
export async function smsCode(dir, phone) {
  for (let i = 0; i < 100; i++) {
    const found = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
      .map((f) => `${dir}/${f}`)
      .map((f) => ({ f, mtime: fs.statSync(f).mtimeMs, sms: JSON.parse(fs.readFileSync(f, 'utf8')) }))
      .filter((x) => x.sms.to === phone)
      .sort((a, b) => b.mtime - a.mtime);
    const code = found.length && found[0].sms.text.match(/\d{6}/);
    if (code) return code[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no code texted to ${phone}`);
}
