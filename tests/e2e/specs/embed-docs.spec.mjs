// Issue 16, "Embedded in API documentation": every point checked in an 800×700 iframe inside a
// docs page of another origin — the untouched example's snippet works on the first click,
// partial links change only what they name, Send and the answer fit the frame, the content
// height is posted (and README's host script sizes the frame with it), the share panel's embed
// controls, api_url, locks, and notices — with axe-core clean in the frame.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Playground } from './pages/playground.mjs';

const HOST = 'http://localhost:4173';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function expectAxeClean(page, state) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id}: ${v.help} at ${n.target.join(' ')}`));
  expect(bad, `axe found in "${state}":\n${bad.join('\n')}`).toEqual([]);
}

/** README's "Sizing the iframe" host script, as documented, for the playground at `origin`. */
function readmeHostScript(origin) {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  const block = readme.split('<!-- host-resize-script')[1].split('```html')[1].split('```')[0];
  return block.replace('https://playground.example', origin);
}

test("the untouched example's snippet works on the first click; a user's own secret stays out", async ({ page, baseURL }) => {
  const app = new Playground(page);
  await app.open();
  await app.openSharePanel();
  const src = await app.embedSrc();
  expect(src).not.toContain('my_secret_456');
  const framed = await Playground.inDocsPage(page, src);
  await expect(framed.clientSecret).not.toHaveValue('');
  await expect(framed.alert('Client secret is required')).toHaveCount(0);
  await framed.sendAndWaitForToken();
  await expect(framed.timer).toBeVisible();
  framed.expectNoPageErrors();

  await app.open();
  await app.fill({ clientId: 'own_client', clientSecret: 'own-secret-never-in-urls' });
  await app.openSharePanel();
  const own = await app.embedSrc();
  expect(await app.embedCode.inputValue()).not.toContain('own-secret-never-in-urls');
  const ownFrame = await Playground.inDocsPage(page, own);
  await expect(ownFrame.clientId).toHaveValue('own_client');
  await expect(ownFrame.clientSecret).toHaveValue('');
});

test('partial links change only what they name', async ({ page, baseURL }) => {
  const framed = await Playground.inDocsPage(page, `${baseURL}/?embed=1&scope=orders%3Aread+orders%3Awrite`);
  await expect(framed.scope).toHaveValue('orders:read orders:write');
  await expect(framed.tokenUrl).toHaveValue('https://authorization-server.example/oauth2/token');
  await expect(framed.clientId).toHaveValue('my_client_id_123');
  await expect(framed.clientSecret).not.toHaveValue('');
  await expect(framed.notices).toBeHidden();

  const other = await Playground.inDocsPage(page, `${baseURL}/?embed=1&client_id=docs_client`);
  await expect(other.clientId).toHaveValue('docs_client');
  await expect(other.tokenUrl).toHaveValue('https://authorization-server.example/oauth2/token');
  await expect(other.scope).toHaveValue('orders:read');
  // The example's secret goes only with the example client.
  await expect(other.clientSecret).toHaveValue('');
});

test('in an 800×700 frame Send and the answer are visible without scrolling; the mode switch is on the header row', async ({ page, baseURL }) => {
  const framed = await Playground.inDocsPage(page, `${baseURL}/?embed=1`);
  const frame = page.frameLocator('#pg');
  await framed.sendAndWaitForToken();
  expect(await frame.locator('html').evaluate(() => [scrollX, scrollY])).toEqual([0, 0]);
  expect(await framed.inViewport(framed.send)).toBe(true);
  expect(await framed.inViewport(framed.responseStatus)).toBe(true);
  await expect(framed.responseStatus).toContainText('200 OK');
  expect(await framed.inViewport(framed.timer)).toBe(true);
  // The width is used: the answer is beside the form, not below it.
  const form = await frame.locator('.panel--form').boundingBox();
  const answer = await frame.locator('.panel--response').boundingBox();
  expect(answer.x).toBeGreaterThanOrEqual(form.x + form.width);
  // The Simulated/Live switch shares the header row with the title.
  const title = await frame.getByRole('heading', { level: 1 }).boundingBox();
  const live = await frame.getByRole('radio', { name: 'Live' }).locator('..').boundingBox();
  expect(Math.abs(live.y + live.height / 2 - (title.y + title.height / 2))).toBeLessThan(16);
  await expectAxeClean(page, 'embedded, token shown');
  framed.expectNoPageErrors();
});

test("the content height is posted to the allowed origin only, and README's host script sizes the frame", async ({ page, baseURL }) => {
  const origin = new URL(baseURL).origin;
  const src = `${baseURL}/?embed=1&origin=${encodeURIComponent(HOST)}`;
  const framed = await Playground.inDocsPage(page, src, { extra: readmeHostScript(origin) });
  const resizes = () => page.evaluate(() => window.events.filter((e) => e.data.type === 'resize'));
  await expect.poll(async () => (await resizes()).length).toBeGreaterThan(0);
  const first = (await resizes()).at(-1);
  expect(first.origin).toBe(origin);
  expect(Object.keys(first.data).sort()).toEqual(['height', 'source', 'type', 'version']);
  expect(first.data.height).toBeGreaterThan(300);
  // The host script applied it: the frame is as tall as its content (the latest height posted:
  // the content settles as the lazily loaded panels arrive, so both sides are read each time).
  await expect
    .poll(async () => {
      const frame = await page.locator('#pg').evaluate((f) => f.getBoundingClientRect().height);
      return frame === (await resizes()).at(-1).data.height;
    })
    .toBe(true);
  // Content grows (a token is shown): a new height is posted, never with a secret.
  const before = (await resizes()).length;
  await framed.sendAndWaitForToken();
  await expect.poll(async () => (await resizes()).length).toBeGreaterThan(before);
  expect(JSON.stringify(await resizes())).not.toContain('my_secret_456');

  // Without origin= nothing is posted at all.
  await Playground.inDocsPage(page, `${baseURL}/?embed=1`);
  await page.waitForTimeout(1200);
  expect(await page.evaluate(() => window.events.length)).toBe(0);
});

test('a frame scrolled out of view still posts its height and loads its chunks before it is seen', async ({ page, baseURL }) => {
  // A cross-origin iframe far below the fold: Chromium renders no frames for it (no animation
  // frames) until it is scrolled into view; the page must not wait for one to start.
  const src = `${baseURL}/?embed=1&origin=${encodeURIComponent(HOST)}`;
  await page.goto('http://localhost:4173/docs/api.html');
  const chunks = [];
  page.on('request', (r) => { if (/\/split_\w+\.wasm$/.test(r.url())) chunks.push(r.url().split('/').pop()); });
  await page.setContent(`<!DOCTYPE html><html lang="en"><head><title>Orders API</title></head><body style="margin:8px">
    <h1>Orders API</h1><div style="height:6000px">Read this first.</div>
    <iframe id="pg" src="${src}" title="OAuth playground" width="800" height="700" style="border:0"></iframe>
    <script>
      window.events = [];
      addEventListener('message', (e) => { if (e.data && e.data.source === 'cc-playground') window.events.push(e.data); });
    </script></body></html>`);
  await expect
    .poll(() => page.evaluate(() => window.events.filter((e) => e.type === 'resize').length), { timeout: 5000 })
    .toBeGreaterThan(0);
  await expect.poll(() => chunks, { timeout: 5000 }).toContain('split_screen.wasm');
  expect(await page.evaluate(() => scrollY)).toBe(0);
});

test('the share panel sets theme, mode, locks, origins and frame height, and the snippet follows live', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  const app = new Playground(page);
  await app.open();
  await app.openSharePanel();
  await app.frameTheme.selectOption('dark');
  await app.frameStartsIn.selectOption('live');
  await app.toggleFrameLocks('token_url', 'mode');
  await app.frameOrigins.fill(`${HOST} *`);
  await expect(app.root.getByText(/Left out: \*/)).toBeVisible();
  await app.frameHeight.fill('700');
  const snippet = await app.embedCode.inputValue();
  expect(snippet).toContain('height="700"');
  const src = await app.embedSrc();
  const params = new URL(src).searchParams;
  expect(params.get('theme')).toBe('dark');
  expect(params.get('mode')).toBe('live');
  expect(params.get('lock')).toBe('token_url,mode');
  expect(params.getAll('origin')).toEqual([HOST]);
  expect(params.get('embed')).toBe('1');
  await app.frameHeight.fill('12');
  await expect(app.frameHeight).toHaveAttribute('aria-invalid', 'true');
  // The page itself is unchanged by the embed controls.
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', 'dark');
  await expect(app.send).toHaveText('Send to simulated server');

  const framed = await Playground.inDocsPage(page, src);
  const frame = page.frameLocator('#pg');
  await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(framed.send).toHaveText('Send to token URL');
  await expect(framed.tokenUrl).toHaveAttribute('readonly', '');
  await expect(framed.consentFor(HOST)).toBeVisible();
});

test('api_url fills the API URL and goes into share links', async ({ page, baseURL }) => {
  const framed = await Playground.inDocsPage(page, `${baseURL}/?embed=1&api_url=${encodeURIComponent('https://api.example/v2/orders')}`);
  await expect(framed.apiUrl).toHaveValue('https://api.example/v2/orders');
  const app = new Playground(page);
  await app.open(`?api_url=${encodeURIComponent('https://api.example/v2/orders')}`);
  await app.openSharePanel();
  expect(new URL(await app.shareLink.inputValue()).searchParams.get('api_url')).toBe('https://api.example/v2/orders');
});

test('locked fields look locked and say why; lock=mode has no radio buttons', async ({ page, baseURL }) => {
  const framed = await Playground.inDocsPage(page, `${baseURL}/?embed=1&lock=token_url,mode`);
  const frame = page.frameLocator('#pg');
  await expect(framed.tokenUrl).toHaveAttribute('readonly', '');
  await expect(framed.tokenUrl).toHaveAccessibleDescription(/Locked by the page that embeds this playground/);
  await expect(framed.clientId).not.toHaveAccessibleDescription(/Locked/);
  expect(await framed.tokenUrl.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('dashed');
  await expect(frame.locator('.field--locked .lock-icon')).toBeVisible();
  await expect(frame.getByRole('radio')).toHaveCount(0);
  await expect(frame.locator('.segmented--locked')).toContainText('Simulated');
  await expect(frame.locator('.segmented--locked .lock-icon')).toBeVisible();
  await expectAxeClean(page, 'embedded with locks');

  // Opened directly (not in a frame), the lock does not claim an embedding page.
  const app = new Playground(page);
  await app.open('?lock=token_url');
  await expect(app.tokenUrl).toHaveAccessibleDescription(/Locked by this link/);
  await expect(page.getByText('Locked by the page that embeds this playground')).toHaveCount(0);
});

test('notices: one "Dismiss all", and repeated notices collapse with a count', async ({ page, baseURL }) => {
  const framed = await Playground.inDocsPage(page, `${baseURL}/?embed=1&origin=http%3A%2F%2Fdocs.test&colour=red&size=xl`);
  await expect(framed.notices.getByRole('listitem')).toHaveCount(2);
  await expect(framed.dismissAll).toHaveCount(1);
  await framed.dismissAllNotices();
  await expect(framed.notices).toBeHidden();
  // The same refused host message three times: one notice, counted.
  for (let i = 0; i < 3; i += 1) {
    await page.evaluate(() => document.getElementById('pg').contentWindow.postMessage({ type: 'set-theme', theme: 'dark' }, '*'));
  }
  await expect(framed.notices.getByRole('listitem')).toHaveCount(1);
  await expect(framed.notices).toContainText('×3');
  await expect(framed.dismissAll).toBeHidden();
  await expectAxeClean(page, 'embedded with notices');
});
