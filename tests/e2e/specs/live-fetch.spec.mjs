// Live fetches against a probe server on 127.0.0.1 (tools/probe-server.mjs): the API call goes
// out with the method shown; the timeout covers the response body (a server that sends its
// headers and then stalls); a redirect is described as what was fetched.
import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';
import { startProbeServer } from '../tools/probe-server.mjs';

/** @type {Awaited<ReturnType<typeof startProbeServer>>} */
let probe;
test.beforeAll(async () => {
  probe = await startProbeServer();
});
test.afterAll(async () => {
  await probe?.close();
});

/** Live mode with a token from the probe server's token endpoint. */
async function withLiveToken(page, timeout = '15') {
  const app = new Playground(page);
  await app.open();
  await app.switchToLive();
  await app.timeout.fill(timeout);
  await app.tokenUrl.fill(`${probe.url}/token`);
  await app.sendAndWaitForToken();
  await expect(page.getByRole('button', { name: 'Call API' })).toBeEnabled();
  return app;
}

test('a live API call goes out with the method shown: PUT, PATCH and DELETE', async ({ page }) => {
  const app = await withLiveToken(page);
  await app.apiUrl.fill(`${probe.url}/api/orders/7`);
  // The Body field shows for methods other than GET.
  await page.getByLabel('Method', { exact: true }).selectOption('PUT');
  await page.getByLabel('Body', { exact: true }).fill('{"quantity":2}');
  const response = app.apiResponse;
  for (const method of ['PUT', 'PATCH', 'DELETE']) {
    await page.getByLabel('Method', { exact: true }).selectOption(method);
    await app.callApi();
    await expect(page.getByLabel('API request')).toContainText(`${method} /api/orders/7 HTTP/1.1`);
    await expect(response).toContainText(`"method": "${method}"`);
    const received = probe.requests.filter((r) => r.target === '/api/orders/7' && r.method !== 'OPTIONS').at(-1);
    expect(received?.method).toBe(method);
    expect(received?.body).toBe('{"quantity":2}');
    expect(received?.headers.authorization).toBe('Bearer probe-access-token');
  }
  // GET still sends no body.
  await page.getByLabel('Method', { exact: true }).selectOption('GET');
  await app.callApi();
  await expect(response).toContainText('"method": "GET"');
  expect(probe.requests.at(-1)?.body).toBe('');
});

test('a response body that stalls after the headers times out within the set timeout', async ({ page }) => {
  const app = await withLiveToken(page, '2');
  // The API.
  await app.apiUrl.fill(`${probe.url}/stall/api`);
  let started = Date.now();
  await app.callApi();
  await expect(app.alert('No response within 2 s')).toBeVisible({ timeout: 6_000 });
  expect(Date.now() - started).toBeLessThan(5_000);

  // Discovery: both well-known URLs stall, each is given up after 2 s.
  await app.issuer.fill(`${probe.url}/stall`);
  started = Date.now();
  await app.discover();
  const discovery = app.alert('No usable metadata');
  await expect(discovery).toContainText('No response within 2 s', { timeout: 8_000 });
  expect(Date.now() - started).toBeLessThan(7_000);

  // An OpenAPI document.
  await app.openOpenApiImport();
  await page.getByLabel('Document URL').fill(`${probe.url}/stall/openapi.json`);
  started = Date.now();
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(app.alert('The document could not be fetched: No response within 2 s')).toBeVisible({ timeout: 6_000 });
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('a redirect is described as what was fetched: discovery document, API, token endpoint', async ({ page }) => {
  const app = await withLiveToken(page);
  await app.discover(`${probe.url}/redirect`);
  const discovery = app.alert('No usable metadata');
  await expect(discovery).toContainText("The discovery document's URL answered with a redirect (3xx)");
  await expect(discovery).not.toContainText('token endpoint');

  await app.callApi(`${probe.url}/redirect/api`);
  const api = app.alert('The API answered');
  await expect(api).toContainText('The API answered with a redirect (3xx)');
  await expect(api).not.toContainText('token endpoint');

  await app.tokenUrl.fill(`${probe.url}/redirect/token`);
  await app.send.click();
  await expect(app.responsePanel.getByRole('alert')).toContainText('The token endpoint answered with a redirect (3xx)');
});
