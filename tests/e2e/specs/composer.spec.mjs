import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

test('client authentication none sends client_id only and is flagged', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.chooseAuthMethod('none');
  await expect(app.clientSecret).toBeDisabled();
  await expect(app.rawRequest).not.toContainText('Authorization:');
  const raw = await app.rawRequestText();
  expect(raw).toMatch(/\n\ngrant_type=client_credentials&scope=orders%3Aread&client_id=my_client_id_123$/);
  await expect(page.locator('[data-code="public-client"]')).toContainText('confidential clients');
  await expect(page.locator('[data-code="public-client"]')).toContainText('RFC 6749 §4.4');
  // The simulated server refuses a public client.
  await app.sendAndExpectStatus('401 Unauthorized');
});

test('linter explains without blocking: http token URL and empty scope', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await expect(page.getByText('Nothing to flag')).toBeVisible();
  await app.fill({ tokenUrl: 'http://authorization-server.example/oauth2/token', scope: '' });
  const https = page.locator('[data-code="token-url-not-https"]');
  await expect(https).toContainText('error');
  await expect(https).toContainText('RFC 6749 §3.2');
  await expect(page.locator('[data-code="empty-scope"]')).toContainText('RFC 6749 §3.3');
  await app.sendAndWaitForToken();
});

test('audience, resources and extra rows appear in the body; disabled rows do not', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.openMoreParameters();
  await page.getByLabel('Audience').fill('https://api.example');
  await page.getByLabel('Resource').fill('https://api.example/orders\nurn:example:inventory');
  await page.getByRole('button', { name: 'Add parameter' }).click();
  await page.getByLabel('Extra parameters: name').fill('tenant');
  await page.getByLabel('Extra parameters: value').fill('a&b');
  await expect(app.rawRequest).toContainText(
    'scope=orders%3Aread&audience=https%3A%2F%2Fapi.example&resource=https%3A%2F%2Fapi.example%2Forders&resource=urn%3Aexample%3Ainventory&tenant=a%26b',
  );
  await page.getByLabel('Send parameter tenant').uncheck();
  await expect(app.rawRequest).not.toContainText('tenant=');
  await expect(page.getByLabel('Extra parameters: value')).toHaveValue('a&b');

  await app.addHeader('X Bad', '');
  await expect(app.alert(/Extra header "X Bad" has the character U\+0020/)).toBeVisible();
  await app.extraHeaderName.fill('X-Request-Id');
  await app.extraHeaderValue.fill('42');
  await expect(app.rawRequest).toContainText('X-Request-Id: 42\nContent-Length:');
});

test('teaching mode: GET and JSON body are flagged and refused by the simulated server', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.enableTeachingMode();
  await page.getByLabel('GET with the parameters in the query string').check();
  await expect(app.rawRequest).toContainText('GET /oauth2/token?grant_type=client_credentials&scope=orders%3Aread HTTP/1.1');
  await expect(page.locator('[data-code="get-request"]')).toBeVisible();
  await app.sendAndExpectStatus('405 Method Not Allowed');
  await expect(app.rawResponse).toContainText('Allow: POST');

  await page.getByLabel('GET with the parameters in the query string').uncheck();
  await page.getByLabel('JSON body (Content-Type: application/json)').check();
  await expect(app.rawRequest).toContainText('Content-Type: application/json\n');
  await app.sendAndExpectStatus('400 Bad Request');
  await expect(app.rawResponse).toContainText('invalid_request');

  await page.getByLabel('JSON body (Content-Type: application/json)').uncheck();
  await page.getByLabel('grant_type').fill('authorization_code');
  await expect(page.locator('[data-code="wrong-grant-type"]')).toBeVisible();
  await app.send.click();
  // authorization_code exists but this client is not registered for it (RFC 6749 §5.2).
  await expect(app.rawResponse).toContainText('unauthorized_client');
  // password is not supported at all (RFC 9700 §2.4), as on oidc-provider.
  await page.getByLabel('grant_type').fill('password');
  await app.send.click();
  await expect(app.rawResponse).toContainText('unsupported_grant_type');
  await page.getByLabel('grant_type').fill('urn:example:magic');
  await app.send.click();
  await expect(app.rawResponse).toContainText('unsupported_grant_type');
});

test('each header explains itself and Copy copies exactly what is shown', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new Playground(page);
  await app.open();
  const auth = app.rawRequest.locator('span', { hasText: 'Authorization: Basic' });
  await expect(auth).toHaveAttribute('title', /RFC 6749 §2\.3\.1/);
  const copy = app.requestPanel.getByRole('button', { name: 'Copy', exact: true });
  await copy.click();
  await expect(app.requestPanel.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await app.rawRequestText());
  expect(copied).not.toContain('my_secret_456');
});

test('discovery against the simulated server fills the token URL; a bad issuer is explained', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.tokenUrl.fill('');
  await app.discover('authorization-server.example');
  await expect(app.alert('Issuer must be an absolute https:// URL')).toBeVisible();
  await app.issuer.fill('https://authorization-server.example');
  await app.issuer.press('Enter');
  await expect(app.tokenUrl).toHaveValue('https://authorization-server.example/oauth2/token');
  await expect(page.locator('.discovery')).toContainText('/.well-known/oauth-authorization-server');
  // Choosing a method the server does not list is flagged on the next discovery.
  await app.chooseAuthMethod('none');
  await app.discover();
  await expect(page.locator('.discovery')).toContainText('none is not in token_endpoint_auth_methods_supported');
});
