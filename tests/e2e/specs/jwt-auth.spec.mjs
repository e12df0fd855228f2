import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

test('client_secret_jwt: a signed assertion replaces the secret and the simulated server accepts it', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.chooseAuthMethod('client_secret_jwt');
  const decoded = page.getByLabel('Decoded client assertion');
  await expect(decoded).toContainText('"alg": "HS256"');
  await expect(decoded).toContainText('"iss": "my_client_id_123"');
  await expect(decoded).toContainText('"aud": "https://authorization-server.example/oauth2/token"');
  await expect(app.rawRequest).toContainText(
    '&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=••••••••',
  );
  await expect(app.rawRequest).not.toContainText('Authorization:');
  await expect(app.rawRequest).not.toContainText('client_secret=');
  await expect(page.locator('[data-code="short-hmac-secret"]')).toContainText('RFC 7518 §3.2');
  await app.sendAndWaitForToken();
  await expect(app.timer).toBeVisible();
  // A second send signs a fresh assertion (new jti), so it is not a replay.
  await app.sendAttempt(2);
  await app.expectStatus('200 OK');
});

test('private_key_jwt: a demo key is generated in the page and signs the assertion', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.chooseAuthMethod('private_key_jwt');
  const key = app.privateKey;
  await expect(page.locator('#private-key-error')).toContainText('Private key is required for private_key_jwt');
  await key.fill('not a key');
  await expect(page.locator('#private-key-error')).toHaveText(/neither a PEM block .* nor a JWK/);
  await page.getByLabel('Signing algorithm').selectOption('ES256');
  await page.getByLabel('Key ID (kid)').fill('demo-1');
  await app.generateDemoKey();
  await expect(key).toHaveValue(/"kty":"EC"/);
  await expect(page.getByText('Public JWK to register with the authorization server')).toBeVisible();
  const decoded = page.getByLabel('Decoded client assertion');
  await expect(decoded).toContainText('"alg": "ES256"');
  await expect(decoded).toContainText('"kid": "demo-1"');
  await expect(app.rawRequest).toContainText('client_assertion=••••••••');
  await app.reveal.check();
  await expect(app.rawRequest).toContainText(/client_assertion=eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  // The simulated server registers the composer's public key (under the kid) and verifies the
  // assertion's ES256 signature with WebCrypto.
  await app.sendAndWaitForToken();
  await expect(app.serverLog).toContainText('ES256 signature verified');
  app.expectNoPageErrors();
});

test('assertion lifetime is validated and long lifetimes are flagged', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.chooseAuthMethod('client_secret_jwt');
  const lifetime = page.getByLabel('Assertion lifetime');
  await lifetime.fill('soon');
  await expect(page.locator('#assertion-lifetime-error')).toHaveText(/"soon" is not a number of seconds/);
  await lifetime.fill('3600');
  await expect(page.locator('[data-code="long-assertion-lifetime"]')).toBeVisible();
  await expect(page.getByLabel('Decoded client assertion')).toContainText('"exp"');
});
