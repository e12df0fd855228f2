// Lazily loaded features (issue 17): the release build is split into a main module and chunks
// (dist/wasm-*/split_*.wasm, chunk_*.wasm). The page is usable before any chunk is fetched; each
// lazy feature loads when shown and works; a chunk that does not download is an error with Retry,
// never a dead control.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { Playground } from './pages/playground.mjs';

const CHUNK = /\/(split_[a-z_]+|chunk_\d+)\.wasm$/;
const fixture = (name) => readFile(new URL(`../../fixtures/openapi/${name}`, import.meta.url), 'utf8');

/** Records the chunk requests of `page` (their file names, in order). */
function chunkRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(CHUNK);
    if (m) seen.push(m[1]);
  });
  return seen;
}

test('the page is usable before any chunk: the first load is the main module, chunks come after', async ({ page }) => {
  const chunks = chunkRequests(page);
  const app = new Playground(page);
  // Chunks are held back until the Send button is there and enabled.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(CHUNK, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(app.send).toBeEnabled();
  await expect(app.clientId).toHaveValue('my_client_id_123');
  // Meanwhile the lazily loaded panels say they are loading: the raw request too (issue 17:
  // it and its panels left the first load), and the response column.
  await expect(page.getByRole('status').filter({ hasText: /^Loading the raw request…$/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading the response panels…$/ })).toBeVisible();
  release();
  expect(await app.rawRequestText()).toContain('POST /oauth2/token HTTP/1.1');
  await expect(page.getByRole('heading', { name: 'Code export' })).toBeVisible();
  await app.sendAndWaitForToken();
  expect(chunks.some((c) => c.startsWith('split_'))).toBe(true);
  app.expectNoPageErrors();
});

test('each lazy feature opens and works: export, OpenAPI import, demo, discovery, inspector verify', async ({ page }) => {
  const chunks = chunkRequests(page);
  const app = new Playground(page);
  await app.open();
  // Code export.
  expect(await app.exportSnippet('python')).toContain('requests.request(');
  // OpenAPI import with its YAML reader.
  await app.openOpenApiImport();
  await page.getByLabel('OpenAPI document (JSON or YAML)').fill(await fixture('orders-api.yaml'));
  await page.getByRole('button', { name: 'Read document' }).click();
  await expect(page.getByRole('radiogroup', { name: 'Client credentials schemes' })).toContainText('2 client credentials scheme(s) found');
  // Discovery against the simulated server.
  await app.discover('https://authorization-server.example');
  await expect(app.jwksUrl).toHaveValue('https://authorization-server.example/jwks');
  // A token, verified by the inspector with the discovered JWKS; then the API.
  await app.sendAndWaitForToken();
  await expect(page.getByText(/Signature verified with key "simulator-key-1"/)).toBeVisible();
  await app.verifyWithJwks();
  await expect(page.getByText(/Signature verified with key "simulator-key-1"/)).toBeVisible();
  // Demo mode: a guided scenario.
  await app.openDemo();
  await app.runScenario('Server down / slow');
  await expect(app.scenarioExplanation('Server down / slow')).toBeVisible();
  expect(new Set(chunks.filter((c) => c.startsWith('split_')))).toEqual(
    new Set(['split_screen', 'split_deferred']),
  );
  app.expectNoPageErrors();
});

test('a chunk that does not download: a clear error with Retry, and Retry recovers the page', async ({ page }) => {
  const app = new Playground(page);
  let offline = true;
  await page.route(CHUNK, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/');
  await expect(app.send).toBeEnabled();
  // The raw request (with code export and the other panels under it) says it is missing.
  const failed = page.getByRole('alert').filter({ hasText: /^Could not load the raw request: the page's code for it did not download/ });
  await expect(failed).toBeVisible();
  // What runs in the background (saving, renewal, host messages) says so too: nothing is saved.
  const background = page.getByRole('alert').filter({ hasText: /^Could not load saving, renewal and host messages: the page's code for it did not download/ });
  await expect(background).toBeVisible();
  // The form still works while the panels are missing.
  await app.scope.fill('orders:write');
  await expect(app.scope).toHaveValue('orders:write');
  // Send says what is missing (the code for sending), instead of doing nothing.
  await app.send.click();
  await expect(app.alert('Not sent: the page could not download its code for sending')).toBeVisible();
  await expect(app.send).toBeEnabled();
  await expect(page.getByRole('alert').filter({ hasText: /^Could not load the response panels/ })).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('orders%3Awrite');
  // Back online: one Retry brings every panel back, and Send works.
  offline = false;
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'Code export' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: /^Could not load/ })).toHaveCount(0);
  await expect.poll(() => app.rawRequestText()).toContain('scope=orders%3Awrite');
  await app.sendAndWaitForToken();
  await expect(app.scope).toHaveValue('orders:write');
  // The same Retry started saving: the configuration typed while offline is stored.
  await expect(background).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => JSON.stringify({ ...localStorage }))).toContain('orders%3Awrite');
});

test('embedded, the header link to the full playground is left out while its chunk is missing, and comes with Retry', async ({ page }) => {
  let offline = true;
  await page.route(/\/split_screen\.wasm$/, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/?embed=1');
  const notices = page.getByRole('alert').filter({ hasText: /^Could not load the notices:/ });
  await expect(notices).toBeVisible();
  // The header stays as it is: no link, and no error crowding it (the chunk's other parts say so).
  await expect(page.getByRole('link', { name: 'Open full playground' })).toHaveCount(0);
  await expect(page.getByText(/Could not load the link to the full playground/)).toHaveCount(0);
  offline = false;
  await notices.getByRole('button', { name: 'Retry' }).click();
  const link = page.getByRole('link', { name: 'Open full playground' });
  await expect(link).toBeVisible();
  // This configuration, not the embedded one, and no secret.
  expect(await link.getAttribute('href')).toMatch(/client_id=my_client_id_123/);
  expect(await link.getAttribute('href')).not.toMatch(/embed=|[?&](client_)?secret=/);
});

test("live mode's chunk not downloading: Send says which code is missing, and Send again retries it", async ({ page }) => {
  const app = new Playground(page);
  let blocked = true;
  await page.route(/\/split_live\.wasm$/, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  // A live token URL on loopback where nothing listens: a real network failure once the live
  // path's code is there.
  await app.openLive({ tokenUrl: 'http://127.0.0.1:59999/oauth2/token' });
  await app.send.click();
  await expect(app.alert('The page could not download its code for live requests')).toBeVisible();
  await expect(app.send).toBeEnabled();
  blocked = false;
  await app.send.click();
  await expect(page.getByText('No response', { exact: true })).toBeVisible();
  await expect(app.alert('The page could not download its code for live requests')).toHaveCount(0);
});

test('a page with nothing to read never fetches the startup reader; a link or a saved configuration waits for it, preloaded', async ({ page }) => {
  const chunks = chunkRequests(page);
  const preloaded = () =>
    page.evaluate(() => [...document.querySelectorAll('link[rel=preload][as=fetch]')].map((l) => l.href.split('/').pop()));
  const app = new Playground(page);
  // First visit, no parameters, nothing saved: the built-in example, without the reader.
  await app.open();
  await app.scope.fill('orders:write');
  await app.sendAndWaitForToken();
  expect(chunks).not.toContain('split_startup');
  expect(await preloaded()).not.toContain('split_startup.wasm');
  // The configuration is saved: the next load reads it, with the reader preloaded by boot.js.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('cc-playground.config') ?? '')).toContain('orders%3Awrite');
  await page.reload();
  await expect(app.send).toBeEnabled();
  await expect(app.scope).toHaveValue('orders:write');
  expect(chunks).toContain('split_startup');
  expect(await preloaded()).toContain('split_startup.wasm');
  // A link's parameters: the same, from a fresh page.
  await page.evaluate(() => localStorage.clear());
  await page.goto('/?client_id=from_the_link&scope=inventory:read');
  await expect(app.clientId).toHaveValue('from_the_link');
  await expect(app.scope).toHaveValue('inventory:read');
  expect(await preloaded()).toContain('split_startup.wasm');
  app.expectNoPageErrors();
});

test("a link's settings whose reader does not download: an error with Retry instead of a half-configured form", async ({ page }) => {
  const app = new Playground(page);
  let offline = true;
  await page.route(/\/split_startup\.wasm$/, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/?client_id=from_the_link#secret=never-shown');
  const failed = page.getByRole('alert').filter({ hasText: /^Could not load this link's settings: the page's code for it did not download/ });
  await expect(failed).toBeVisible();
  // No form with the example's values in place of the link's.
  await expect(app.send).toHaveCount(0);
  await expect(page.getByText('never-shown')).toHaveCount(0);
  offline = false;
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(app.clientId).toHaveValue('from_the_link');
  await expect(failed).toHaveCount(0);
  await expect(app.send).toBeEnabled();
});

test("live mode's timeout field is left out of the header while its chunk is missing, and comes with Retry", async ({ page }) => {
  let offline = true;
  await page.route(/\/split_screen\.wasm$/, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/?mode=live');
  const failed = page.getByRole('alert').filter({ hasText: /^Could not load the raw request:/ });
  await expect(failed).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Live' })).toBeChecked();
  await expect(page.getByLabel('Timeout (s)')).toHaveCount(0);
  await expect(page.getByText(/Could not load the timeout field/)).toHaveCount(0);
  offline = false;
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByLabel('Timeout (s)')).toHaveValue('15');
});
