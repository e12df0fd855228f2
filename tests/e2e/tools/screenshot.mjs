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
  { name: 'findings-1440', width: 1440, height: 1000, scheme: 'light', findings: true },
  { name: 'findings-360-dark', width: 360, height: 1400, scheme: 'dark', findings: true },
  { name: 'jwt-1440-dark', width: 1440, height: 1000, scheme: 'dark', jwt: true },
];
for (const s of shots) {
  const context = await browser.newContext({ viewport: { width: s.width, height: s.height }, colorScheme: s.scheme });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[${s.name}] console: ${m.text()}`); });
  page.on('pageerror', (e) => console.error(`[${s.name}] pageerror: ${e.message}`));
  await page.goto(url);
  if (s.findings) {
    // A request with several problems, so that the linter has something to say.
    await page.getByLabel('Token URL').fill('http://authorization-server.example/oauth2/token?client_secret=x');
    await page.getByLabel('Client secret', { exact: true }).fill('YOUR_CLIENT_SECRET');
    await page.getByLabel('Scope', { exact: true }).fill('');
  }
  if (s.jwt) {
    await page.getByLabel('Client authentication').selectOption('private_key_jwt');
    await page.getByRole('button', { name: 'Generate demo key' }).click();
    await page.getByLabel('Decoded client assertion').getByText('"alg"').waitFor();
  }
  await page.getByRole('button', { name: /^Send/ }).click();
  if (s.findings || s.jwt) await page.getByLabel('Raw HTTP response').waitFor();
  else await page.getByRole('timer').waitFor();
  await page.screenshot({ path: `${out}/${s.name}.png`, fullPage: true });
  console.log(`${out}/${s.name}.png`);
  await context.close();
}
await browser.close();
