import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

const BASIC = 'Basic bXlfY2xpZW50X2lkXzEyMzpteV9zZWNyZXRfNDU2'; // base64("my_client_id_123:my_secret_456")

test('switching client_secret_basic / client_secret_post moves the credentials', async ({ page }) => {
  const app = new Playground(page);
  await app.open();

  // Basic: credentials in the Authorization header only, masked by default.
  let raw = await app.rawRequestText();
  expect(raw).toContain('Authorization: Basic ••••••••\n');
  expect(raw).toMatch(/\n\ngrant_type=client_credentials&scope=orders%3Aread$/);
  expect(raw).not.toContain('client_id=');

  // Post: credentials in the body only.
  await app.chooseAuthMethod('client_secret_post');
  await expect(app.rawRequest).not.toContainText('Authorization:');
  raw = await app.rawRequestText();
  expect(raw).toMatch(/\n\ngrant_type=client_credentials&scope=orders%3Aread&client_id=my_client_id_123&client_secret=••••••••$/);
  expect(raw).toContain('Content-Length: 104\n');

  // Revealed, the exact bytes are shown.
  await app.reveal.check();
  await expect(app.rawRequest).toContainText('client_secret=my_secret_456');

  // Back to Basic: the header carries base64(urlencode(id):urlencode(secret)), RFC 6749 §2.3.1.
  await app.chooseAuthMethod('client_secret_basic');
  await expect(app.rawRequest).toContainText(`Authorization: ${BASIC}\n`);
  raw = await app.rawRequestText();
  expect(raw).not.toContain('client_secret=');
  expect(raw).toContain('Content-Length: 49\n');

  // Both methods are accepted by the simulated server.
  for (const method of ['client_secret_basic', 'client_secret_post']) {
    await app.chooseAuthMethod(method);
    await app.sendAndWaitForToken();
  }
});

test('the raw request follows every keystroke', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.fill({ method: 'client_secret_post', clientId: '' });
  await app.clientId.pressSequentially('a b&c');
  await expect(app.rawRequest).toContainText('client_id=a+b%26c&');
  await app.scope.fill('');
  await expect(app.rawRequest).not.toContainText('scope=');
});

test('a wrong secret gets invalid_client from the simulated server, explained', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.clientSecret.fill('wrong secret');
  await app.sendAndExpectStatus('401 Unauthorized');
  await expect(app.rawResponse).toContainText('WWW-Authenticate: Basic realm=');
  await expect(page.getByText('invalid_client', { exact: true })).toBeVisible();
  await expect(app.responsePanel.getByText(/Client authentication failed/).first()).toBeVisible();
  await expect(app.timer).toHaveCount(0);
});

test('bad input is explained beside the field, kept, and blocks sending', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.tokenUrl.fill('/oauth2/token');
  await expect(page.locator('#token-url-error')).toHaveText(/^Token URL must be an absolute URL/);
  await expect(app.tokenUrl).toHaveAttribute('aria-invalid', 'true');
  await app.clientId.fill('');
  await expect(page.locator('#client-id-error')).toHaveText(/^Client ID is required/);
  await app.send.click();
  await expect(page.getByText(/^Not sent: Token URL must be an absolute URL/)).toBeVisible();
  await expect(app.tokenUrl).toHaveValue('/oauth2/token');
  app.expectNoPageErrors();
});
