import { chromium } from 'playwright-core';
import { ARGS } from './lib.mjs';
const base = 'http://127.0.0.1:18555';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
async function login(ctx, who) {
  const page = await ctx.newPage();
  await page.goto(base + '/login');
  await page.fill('#identifier', who);
  await page.fill('#password', 'demo-2026');
  await page.click('main button[type=submit]');
  return page;
}
const clerkCtx = await browser.newContext({ locale: 'zh-CN' });
const clerk = await login(clerkCtx, '13900000100');
await clerk.goto(base + '/staff');
await clerk.screenshot({ path: '/tmp/shots/w1-queue.png', fullPage: true });
const link = await clerk.$('main table a');
await link.click();
await clerk.screenshot({ path: '/tmp/shots/w2-case.png', fullPage: true });
const issue = await clerk.$('button[value=issue], input[value=issue]');
console.log('issue control', !!issue);
const appCtx = await browser.newContext({ locale: 'zh-CN' });
const app = await login(appCtx, '13900000001');
await app.goto(base + '/certificates');
await app.screenshot({ path: '/tmp/shots/w3-certs.png', fullPage: true });
await browser.close();
