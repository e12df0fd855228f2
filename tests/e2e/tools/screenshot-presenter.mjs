// Screenshots of the projector: presenter mode at 1280×720 and 1920×1080 after each guided
// scenario, light and dark (the viewport only: what the audience sees without scrolling), and
// the desk's first screen at 1280×720 without demo mode (Send above the fold).
// Usage: node tools/screenshot-presenter.mjs <base-url> <out-dir>   (after `node serve.mjs ../../dist 4173`)
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [base = 'http://127.0.0.1:4173', out = 'screenshots'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** What each scenario's screenshot waits for: its last visible change. */
const scenarios = [
  { title: 'Happy path', done: (page) => page.getByLabel('API response').getByText('HTTP/1.1 200').waitFor() },
  { title: 'Wrong secret', done: (page) => page.getByText('401 Unauthorized · invalid_client').first().waitFor() },
  { title: 'JSON body mistake', done: (page) => page.getByText('400 Bad Request · invalid_request').first().waitFor() },
  { title: 'Missing scope', done: (page) => page.getByText('403 Forbidden · insufficient_scope').first().waitFor() },
  { title: 'Expired token on the API', done: (page) => page.getByText('expires_in 10 s').first().waitFor() },
  { title: 'Server down / slow', done: (page) => page.getByText(/503 Service Unavailable in/).first().waitFor({ timeout: 8_000 }) },
];

async function shoot(size, scheme, name, run) {
  const context = await browser.newContext({ viewport: size, colorScheme: scheme });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] pageerror: ${e.message}`));
  try {
    await run(page);
  } catch (e) {
    console.error(`[${name}-${scheme}] ${e.message.split('\n')[0]}`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  const path = `${out}/${name}-${scheme}.png`;
  await page.screenshot({ path });
  console.log(path);
  await context.close();
}

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  for (const scheme of ['light', 'dark']) {
    for (const s of scenarios) {
      const slug = s.title.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '');
      await shoot(size, scheme, `presenter-${size.width}x${size.height}-${slug}`, async (page) => {
        await page.goto(`${base}/`);
        await page.getByText('Demo mode: flow diagram, scenarios, presenter').click();
        await page.getByLabel('Presenter mode').check();
        await page.getByRole('button', { name: s.title, exact: true }).click();
        await s.done(page);
        await page.waitForTimeout(300);
      });
    }
  }
}
for (const scheme of ['light', 'dark']) {
  await shoot({ width: 1280, height: 720 }, scheme, 'desk-1280x720-first-screen', async (page) => {
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: /^Send/ }).waitFor();
  });
}
await browser.close();
