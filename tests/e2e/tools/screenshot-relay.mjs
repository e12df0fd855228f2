// Screenshots of live mode's relay at a 1440×900 desk, light and dark: the Relay URL setting
// with the raw view's hop note, and a direct send refused by CORS (the CORS doctor with
// "Retry through the relay"), then a relay's refusal.
// Usage: node tools/screenshot-relay.mjs <base-url> <out-dir> <cors-refusing-token-url> <relay-url>
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [base = 'http://127.0.0.1:4173', out = 'screenshots', refusing = 'http://127.0.0.1:4181/token', relay = 'http://127.0.0.1:8787'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

for (const scheme of ['light', 'dark']) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
  await page.goto(`${base}/`);
  await page.getByRole('radio', { name: 'Live' }).check();
  await page.getByLabel('Token URL').fill(refusing);
  await page.getByLabel('Client authentication').selectOption('client_secret_post');
  await page.getByLabel('Client ID').fill('post-client');
  await page.getByLabel('Client secret', { exact: true }).fill('post-secret-0123456789');
  await page.getByRole('button', { name: /^Send/ }).click();
  await page.getByRole('alert').filter({ hasText: 'CORS' }).waitFor();
  await page.getByLabel('Relay URL').fill(relay);
  await page.screenshot({ path: `${out}/relay-cors-doctor-${scheme}.png`, fullPage: true });
  await page.getByLabel('Relay URL').fill('not a url');
  await page.screenshot({ path: `${out}/relay-invalid-${scheme}.png` });
  await page.close();
}
await browser.close();
