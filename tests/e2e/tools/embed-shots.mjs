// Embed states at 800×700 in a host page, light and dark, plus lock/notices states.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
const [base = 'http://127.0.0.1:4173', out = '/tmp/shots-embed2'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const states = [
  { name: 'sent', query: `embed=1&origin=${encodeURIComponent(base)}`, send: true },
  { name: 'locked', query: `embed=1&lock=token_url,client_id,mode&bogus=1&bogus2=2&theme=x`, send: false },
  { name: 'share', query: ``, share: true },
];
for (const s of states) for (const scheme of ['light', 'dark']) {
  const context = await browser.newContext({ viewport: { width: s.share ? 1440 : 840, height: s.share ? 1400 : 760 }, colorScheme: scheme });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`pageerror: ${e.message}`));
  try {
    if (s.share) {
      await page.goto(`${base}/`);
      await page.getByText('Share, embed, save').click();
      await page.getByLabel('Frame height (px)').scrollIntoViewIfNeeded();
    } else {
      await page.goto(`${base}/host/docs.html`);
      await page.setContent(`<!DOCTYPE html><html><body style="margin:0;padding:20px;font-family:sans-serif;background:${scheme === 'dark' ? '#111' : '#fff'}">
        <iframe id="pg" src="${base}/?${s.query}" title="OAuth playground" width="800" height="700" style="border:1px solid #888"
        sandbox="allow-scripts allow-same-origin allow-forms allow-popups"></iframe></body></html>`);
      const frame = page.frameLocator('#pg');
      await frame.getByRole('button', { name: /^Send/ }).waitFor();
      if (s.send) { await frame.getByRole('button', { name: /^Send/ }).click(); await frame.getByRole('timer').waitFor(); }
      await page.waitForTimeout(300);
    }
  } catch (e) { console.error(`[${s.name}] ${e.message.split('\n')[0]}`); }
  await page.screenshot({ path: `${out}/${s.name}-${scheme}.png` });
  await context.close();
}
await browser.close();
