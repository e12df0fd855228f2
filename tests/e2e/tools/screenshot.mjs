// Takes screenshots of the built app in Debian's headless Chromium, for a human to look at.
// Usage: node tools/screenshot.mjs <url> <out-dir>   (after `node serve.mjs ../../dist 4173`)
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [url = 'http://127.0.0.1:4173/', out = 'screenshots'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const shots = [
  { name: 'desktop-light', width: 1920, height: 1000, scheme: 'light' },
  { name: 'desktop-dark', width: 1920, height: 1000, scheme: 'dark' },
  { name: 'laptop-light', width: 1280, height: 900, scheme: 'light' },
  { name: 'mobile-light', width: 360, height: 1400, scheme: 'light' },
];
for (const s of shots) {
  const context = await browser.newContext({ viewport: { width: s.width, height: s.height }, colorScheme: s.scheme });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[${s.name}] console: ${m.text()}`); });
  page.on('pageerror', (e) => console.error(`[${s.name}] pageerror: ${e.message}`));
  await page.goto(url);
  await page.getByRole('button', { name: /^Send/ }).click();
  await page.getByRole('timer').waitFor();
  await page.screenshot({ path: `${out}/${s.name}.png`, fullPage: true });
  console.log(`${out}/${s.name}.png`);
  await context.close();
}
await browser.close();
