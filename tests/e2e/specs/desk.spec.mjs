// At a developer's desk (issue 16): 1440×900, debugging a real server (panva's oidc-provider on
// 127.0.0.1). Relative times right to the second, discovered metadata readable, the token
// verified without typing a JWKS URL, a helpful retry with the simulated server, the example's
// URLs named in live mode, the short curl form, and pretty-printed API answers.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Playground } from './pages/playground.mjs';
import { POST_CLIENT } from './pages/oidc-clients.mjs';

const ISSUER = process.env.OIDC_ISSUER;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** axe-core finds no serious or critical violation, in the light and the dark theme. */
async function expectAxeClean(page) {
  for (const theme of ['light', 'dark']) {
    await page.getByLabel('Theme').selectOption(theme);
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}`));
    expect(bad, `${theme}: ${bad.join('\n')}`).toEqual([]);
  }
}

test.use({ viewport: { width: 1440, height: 900 } });

test("a fresh token's iat reads (now), then the seconds since, across a minute and an hour boundary", async ({ page }) => {
  // 55 s into the minute: the bug showed "(in 55 s)" here (now rounded down to the minute).
  await page.clock.setFixedTime(new Date('2027-01-15T11:59:55Z'));
  const app = new Playground(page);
  await app.open();
  await app.sendAndWaitForToken();
  await expect(app.claim('iat')).toContainText('11:59:55 UTC (now)');
  await expect(app.claim('exp')).toContainText('12:59:55 UTC (in 60 min)');
  await page.clock.setFixedTime(new Date('2027-01-15T12:00:03Z'));
  await expect(app.claim('iat')).toContainText('11:59:55 UTC (8 s ago)');
  await expect(app.claim('exp')).toContainText('(in 59 min)');
  await expect(app.tokenChecks).toContainText('Not expired: exp is in 59 min.');
  app.expectNoPageErrors();
});

test("the simulated server's JWT is verified with its JWKS without typing a JWKS URL", async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await expect(app.jwksUrl).toHaveValue('');
  await app.sendAndWaitForToken();
  await expect(app.signature).toContainText(
    'Signature verified with key "simulator-key-1" from https://authorization-server.example/jwks',
  );
  await expect(app.signature).not.toContainText('Not verified yet');
});

test('live: a token received before discovery is verified as soon as discovery finds jwks_uri; metadata reads name over value', async ({ page }) => {
  // Discovery's RFC 8414 probe, then OIDC; and axe twice over the whole page: slow under load.
  test.setTimeout(90_000);
  const app = new Playground(page);
  await app.openLive({ tokenUrl: `${ISSUER}/token`, ...POST_CLIENT });
  await app.openMoreParameters();
  await page.getByLabel('Resource').fill('https://api.example/orders');
  await app.sendAndWaitForToken();
  await expect(app.jwtHeader).toContainText('at+jwt');
  await expect(app.signature).toContainText('Not verified yet');

  await app.discover(ISSUER);
  await expect(app.signature).toContainText(`Signature verified with key "as-signing-key" from ${ISSUER}/jwks`);

  // Name over value, values as wide as the panel, and the Compose column not widened.
  const metadata = app.discoveredMetadata;
  await expect(metadata).toContainText('token_endpoint_auth_methods_supported');
  const name = await metadata.locator('dt', { hasText: /^jwks_uri$/ }).boundingBox();
  const value = await metadata.locator('dt', { hasText: /^jwks_uri$/ }).locator('xpath=following-sibling::dd[1]').boundingBox();
  expect(value.y).toBeGreaterThanOrEqual(name.y + name.height - 1);
  expect(value.width).toBeGreaterThan(250);
  const compose = await page.locator('.panel--form').boundingBox();
  expect(compose.width).toBeLessThan(560);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(1440);
  await expectAxeClean(page);
});

test('no response: the simulated server offers the example client, which one click fills and sends', async ({ page }) => {
  const app = new Playground(page);
  // Nothing listens on port 4199 in the test's network: a network error, no response.
  await app.openLive({ tokenUrl: 'http://127.0.0.1:4199/token', ...POST_CLIENT });
  await app.send.click();
  await expect(app.responsePanel.getByText('No response')).toBeVisible();
  await expect(app.responsePanel).toContainText('The simulated server knows one client, my_client_id_123');
  await expect(app.exampleUrlNotice).toBeHidden();
  await expectAxeClean(page);
  await app.retryWithExampleClient();
  await expect(app.responsePanel.getByText('simulated', { exact: true })).toBeVisible();
  await app.expectStatus('200 OK');
  await expect(app.clientId).toHaveValue('my_client_id_123');
  await expect(app.tokenUrl).toHaveValue('http://127.0.0.1:4199/token');
});

test("live mode names the example's authorization-server.example Token URL until it is replaced", async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await expect(app.exampleUrlNotice).toBeHidden();
  await app.switchToLive();
  await expect(app.exampleUrlNotice).toBeVisible();
  await expect(app.exampleUrlNotice).toContainText('.example names never resolve (RFC 2606 §2)');
  await expectAxeClean(page);
  await app.fill({ tokenUrl: `${ISSUER}/token` });
  await expect(app.exampleUrlNotice).toBeHidden();
});

test('curl export: the short form for a secret that needs no encoding, the encoder only when needed', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  let snippet = await app.exportSnippet('curl');
  expect(snippet).toContain('curl -sS \\');
  expect(snippet).toContain('--user "my_client_id_123:$CLIENT_SECRET"');
  expect(snippet).not.toContain('form_urlencode');

  await app.fill({ method: 'client_secret_post' });
  await expect(app.codeSnippet).toContainText('--data-urlencode "client_secret=$CLIENT_SECRET"');
  await app.fill({ clientSecret: 'p@ss w/rd+&:%=' });
  await expect(app.codeSnippet).toContainText('form_urlencode()');
  snippet = (await app.codeSnippet.textContent()) ?? '';
  expect(snippet).not.toContain('--data-urlencode "client_secret');
});

test('a JSON API answer is pretty-printed as the token response is', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.sendAndWaitForToken();
  await app.callApi();
  await expect(app.apiResponse).toContainText('HTTP/1.1 200 OK');
  const text = (await app.apiResponse.textContent()) ?? '';
  expect(text).toMatch(/\n\{\n {2}"/);
});
