import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

test('URL prefill fills the form, locks fields, sets the theme and reports bad parameters', async ({ page }) => {
  const app = new Playground(page);
  const query = new URLSearchParams([
    ['token_url', 'https://authorization-server.example/oauth2/token'],
    ['client_id', 'docs_client'],
    ['auth', 'client_secret_post'],
    ['scope', 'orders:read inventory:read'],
    ['resource', 'https://api.example/orders'],
    ['param.tenant', 'acme'],
    ['lock', 'token_url,client_id'],
    ['theme', 'dark'],
    ['auth_method', 'x'],
    ['secret', 'leaked-in-query'],
  ]);
  await page.goto(`/?${query}`);
  await expect(app.send).toBeEnabled();
  await expect(app.clientId).toHaveValue('docs_client');
  await expect(app.clientAuth).toHaveValue('client_secret_post');
  await expect(app.scope).toHaveValue('orders:read inventory:read');
  await expect(app.clientSecret).toHaveValue('');
  await expect(app.tokenUrl).toHaveAttribute('readonly', '');
  await expect(app.clientId).toHaveAttribute('readonly', '');
  await expect(app.scope).not.toHaveAttribute('readonly', '');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // No secret comes from a query string: the form asks for it.
  await expect(app.alert('Client secret is required')).toBeVisible();
  await app.clientSecret.fill('typed-by-the-reader');
  await expect(app.rawRequest).toContainText('resource=https%3A%2F%2Fapi.example%2Forders&tenant=acme');
  const notices = app.notices;
  await expect(notices).toContainText('auth_method');
  await expect(notices).toContainText('secret');
  await expect(notices).not.toContainText('leaked-in-query');
  await notices.getByRole('button', { name: 'Dismiss the notice about auth_method' }).click();
  await expect(notices).not.toContainText('auth_method');
});

test('share link round trip leaves the secret out and says so', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.fill({ clientId: 'shared_client', clientSecret: 's3cret-not-for-links' });
  await app.openSharePanel();
  const link = await app.shareLink.inputValue();
  expect(link).toContain('client_id=shared_client');
  expect(link).not.toContain('s3cret-not-for-links');
  await expect(app.leftOut).toContainText(/secret/i);
  const snippet = await app.embedCode.inputValue();
  expect(snippet).toMatch(/^<iframe src="[^"]*embed=1" title="[^"]+" width="100%" height="600" loading="lazy" sandbox="[^"]+"/);
  expect(snippet).not.toContain('s3cret-not-for-links');

  const other = await page.context().newPage();
  await other.goto(link);
  const opened = new Playground(other);
  await expect(opened.clientId).toHaveValue('shared_client');
  await expect(opened.clientSecret).toHaveValue('');
});

test('a reload keeps the configuration but not the secret, unless remembered for the tab', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.fill({ clientId: 'reload_client', clientSecret: 'typed-secret-123' });
  await app.openSimulatorSettings();
  await app.tokenLifetime.fill('45');
  await page.reload();
  await expect(app.clientId).toHaveValue('reload_client');
  await expect(app.clientSecret).toHaveValue('');
  await app.openSimulatorSettings();
  await expect(app.tokenLifetime).toHaveValue('45');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).toContain('reload_client');
  expect(stored).not.toContain('typed-secret-123');

  await app.clientSecret.fill('typed-secret-456');
  await app.rememberCredential();
  await page.reload();
  await expect(app.clientSecret).toHaveValue('typed-secret-456');
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('typed-secret-456');

  await app.openSharePanel();
  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(app.clientId).toHaveValue('my_client_id_123');
  await page.reload();
  await expect(app.clientId).toHaveValue('my_client_id_123');
  // The example's public lesson secret survives a reload, so the example keeps working.
  await app.sendAndWaitForToken();
});

/**
 * Opens a host page of another origin on loopback: a real response from the test server (a
 * 404 at `url`, so the browser treats the page as local, not public — Chromium's local network
 * access checks refuse public pages framing local ones) whose content is then replaced.
 */
async function openHostPage(page, url, html) {
  await page.goto(url);
  await page.setContent(`<!DOCTYPE html><html><body>${html}</body></html>`);
}

test('embedded in a docs page: compact layout, postMessage events to the allowed origin, the token only once the user confirms, theme from the host', async ({ page, baseURL }) => {
  // Another origin on loopback (Chromium blocks public pages from framing local ones).
  const hostOrigin = 'http://localhost:4173';
  const frameUrl = `${baseURL}/?embed=1&origin=${encodeURIComponent(hostOrigin)}`;
  await openHostPage(page, `${hostOrigin}/docs/api.html`, `<h1>Orders API</h1>
      <iframe id="pg" src="${frameUrl}" title="OAuth playground" width="900" height="600" loading="lazy"
        sandbox="allow-scripts allow-same-origin allow-forms allow-popups"></iframe>
      <script>
        window.events = [];
        addEventListener('message', (e) => { if (e.data && e.data.source === 'cc-playground') window.events.push({ origin: e.origin, data: e.data }); });
      </script>`);
  const frame = page.frameLocator('#pg');
  const framed = new Playground(page, frame);
  await expect(framed.send).toBeEnabled();
  await expect(frame.getByRole('link', { name: 'Open full playground' })).toBeVisible();
  await expect(frame.locator('.panel--export')).toBeHidden();
  const issued = () => page.evaluate(() => window.events.filter((e) => e.data.type === 'token-issued'));
  // origin= alone (written by the embedding page) releases events, never the token (issue 14).
  const consent = framed.consentFor(hostOrigin);
  await expect(consent).not.toBeChecked();
  await framed.sendAndWaitForToken();
  await expect.poll(async () => (await issued()).length).toBe(1);
  const first = (await issued())[0];
  expect(first.origin).toBe(new URL(baseURL).origin);
  expect(first.data.token_type).toBe('Bearer');
  expect(first.data.expires_in).toBe(3600);
  expect(first.data).not.toHaveProperty('access_token');
  // The user confirms in the page: the next token is posted with access_token.
  await consent.check();
  await framed.send.click();
  await expect.poll(async () => (await issued()).length).toBe(2);
  const second = (await issued())[1];
  expect(second.origin).toBe(new URL(baseURL).origin);
  expect(second.data.access_token).toBeTruthy();
  expect(second.data.token_type).toBe('Bearer');
  expect(JSON.stringify(second.data)).not.toContain('my_secret_456');

  await page.evaluate(() => document.getElementById('pg').contentWindow.postMessage({ type: 'set-theme', theme: 'dark' }, '*'));
  await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: test.info().outputPath('embed.png') });
});

test('a message the host posts before the playground can handle it waits, and is handled once it can', async ({ page, baseURL }) => {
  // The handler of host messages comes with the `screen` chunk, after the first paint: held back
  // here until the message has been posted.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(/\/split_screen\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  const hostOrigin = 'http://localhost:4173';
  await openHostPage(page, `${hostOrigin}/docs/api.html`, `<iframe id="pg" src="${baseURL}/?embed=1&origin=${encodeURIComponent(hostOrigin)}" title="pg" width="800" height="600"></iframe>`);
  const frame = page.frameLocator('#pg');
  await expect(new Playground(page, frame).send).toBeEnabled();
  await page.evaluate(() => document.getElementById('pg').contentWindow.postMessage({ type: 'set-theme', theme: 'dark' }, '*'));
  await page.waitForTimeout(300);
  await expect(frame.locator('html')).not.toHaveAttribute('data-theme', 'dark');
  release();
  await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('host messages from origins not allowed are ignored with a notice', async ({ page, baseURL }) => {
  await openHostPage(page, 'http://localhost:4173/evil/page.html', `<iframe id="pg" src="${baseURL}/?embed=1&origin=http%3A%2F%2Fdocs.test" title="pg" width="800" height="600"></iframe>`);
  const frame = page.frameLocator('#pg');
  const framed = new Playground(page, frame);
  await expect(framed.send).toBeEnabled();
  await page.evaluate(() => document.getElementById('pg').contentWindow.postMessage({ type: 'set-theme', theme: 'dark' }, '*'));
  await expect(framed.notices).toContainText('http://localhost:4173');
  await expect(frame.locator('html')).not.toHaveAttribute('data-theme', 'dark');
});
