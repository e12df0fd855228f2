// Live sending against a real authorization server (panva's oidc-provider on 127.0.0.1,
// started by playwright.config.mjs from tools/oidc-server.mjs).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Playground } from './pages/playground.mjs';
import { BASIC_CLIENT, POST_CLIENT } from './pages/oidc-clients.mjs';

const ISSUER = process.env.OIDC_ISSUER;
const REFUSING = process.env.OIDC_REFUSING_ISSUER;
const fixture = (name) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

/** Opens the playground in live mode, pointed at `issuer`'s token endpoint. */
async function live(page, issuer = ISSUER) {
  const app = new Playground(page);
  await app.openLive({ tokenUrl: `${issuer}/token` });
  return app;
}

/** Fills the method, client credentials and scope (`orders:read` unless given), and sends. */
async function sendWith(app, fields) {
  await app.fill({ scope: 'orders:read', ...fields });
  await app.send.click();
}

test('client_secret_basic with a secret RFC 6749 §2.3.1 must encode gets a token from oidc-provider', async ({ page }) => {
  const app = await live(page);
  await sendWith(app, BASIC_CLIENT);
  await app.expectStatus('200 OK');
  await expect(app.responsePanel.getByText('live', { exact: true })).toBeVisible();
  await expect(page.locator('[data-field="token_type"]')).toHaveText('Bearer');
  await expect(page.locator('[data-field="expires_in"]')).toHaveText('300 s');
  await expect(page.locator('[data-field="scope"]')).toHaveText('orders:read');
  await expect(app.timer).toHaveText(/^Expires in (5:00|4:5\d)$/);
  app.expectNoPageErrors();
});

test('client_secret_post gets a token from oidc-provider', async ({ page }) => {
  const app = await live(page);
  await sendWith(app, { ...POST_CLIENT, scope: 'orders:read orders:write' });
  await app.expectStatus('200 OK');
  await expect(page.locator('[data-field="scope"]')).toHaveText('orders:read orders:write');
});

test('private_key_jwt signed in the page with a PEM key is accepted by oidc-provider', async ({ page }) => {
  const app = await live(page);
  await app.chooseAuthMethod('private_key_jwt');
  await page.getByLabel('Signing algorithm').selectOption('ES256');
  await app.privateKey.fill(fixture('ec-sec1.pem'));
  await page.getByLabel('Key ID (kid)').fill('fixture-ec');
  await sendWith(app, { method: 'private_key_jwt', clientId: 'jwt-client' });
  await app.expectStatus('200 OK');
  await expect(app.timer).toBeVisible();
});

test('client_secret_jwt (HS256) is accepted by oidc-provider', async ({ page }) => {
  const app = await live(page);
  await sendWith(app, {
    method: 'client_secret_jwt',
    clientId: 'secret-jwt-client',
    clientSecret: 'a-shared-secret-of-more-than-32-bytes-for-hs256',
  });
  await app.expectStatus('200 OK');
});

test('a wrong secret shows 401 invalid_client with the server description', async ({ page }) => {
  const app = await live(page);
  await sendWith(app, { ...POST_CLIENT, clientSecret: 'wrong' });
  await app.expectStatus('401');
  await expect(page.getByText('invalid_client', { exact: true })).toBeVisible();
  await expect(page.getByText(/Client authentication failed/).first()).toBeVisible();
  await expect(page.locator('.quote')).toContainText('client authentication failed');
  await expect(app.timer).toHaveCount(0);
});

test('teaching mode: grant_type=password is refused with unsupported_grant_type', async ({ page }) => {
  const app = await live(page);
  await app.enableTeachingMode();
  await page.getByLabel('grant_type').fill('password');
  await sendWith(app, POST_CLIENT);
  await app.expectStatus('400');
  await expect(page.getByText('unsupported_grant_type', { exact: true })).toBeVisible();
});

test('a server that refuses the origin gets the CORS diagnosis, not a silent failure', async ({ page }) => {
  const app = await live(page, REFUSING);
  await sendWith(app, POST_CLIENT);
  await expect(page.getByText('No response', { exact: true })).toBeVisible();
  const doctor = app.alert('CORS');
  await expect(doctor).toContainText(`The token URL's origin (${REFUSING}) differs from this page's (http://127.0.0.1:4173)`);
  // client_secret_post with a form body is a simple request: no preflight.
  await expect(doctor).toContainText('It is a simple request (no preflight)');
  await expect(doctor).toContainText('Access-Control-Allow-Origin: http://127.0.0.1:4173');
  await expect(app.clientSecret).toHaveValue('post-secret-0123456789');
  const curl = app.curl;
  await expect(curl).toContainText(`${REFUSING}/token`);
  await expect(curl).toContainText('CLIENT_SECRET');
  await expect(curl).not.toContainText('post-secret-0123456789');

  // With Basic, the Authorization header forces a preflight, which the diagnosis names.
  await app.chooseAuthMethod('client_secret_basic');
  await app.send.click();
  await expect(app.attempt(2)).toBeVisible();
  await expect(doctor).toContainText('Access-Control-Request-Headers: authorization');

  // One click retries the same request against the simulated server.
  await page.getByRole('button', { name: 'Retry with the simulated server' }).click();
  await expect(app.responsePanel.getByText('simulated', { exact: true })).toBeVisible();
  await app.expectStatus('401 Unauthorized');
});

test('discovery fills the token URL from oidc-provider metadata (OIDC fallback after RFC 8414)', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.switchToLive();
  await app.discover(ISSUER);
  await expect(page.getByText(`${ISSUER}/.well-known/openid-configuration`)).toBeVisible();
  await expect(app.tokenUrl).toHaveValue(`${ISSUER}/token`);
  await expect(page.locator('.discovery')).toContainText(`${ISSUER}/jwks`);
  await sendWith(app, POST_CLIENT);
  await app.expectStatus('200 OK');
});

test('a server that never answers is aborted after the configured timeout', async ({ page }) => {
  const app = await live(page);
  await app.tokenUrl.fill(`${ISSUER}/hang`);
  await app.timeout.fill('1');
  await sendWith(app, POST_CLIENT);
  await expect(app.responsePanel.getByText('No response within 1 s; the request was aborted.')).toBeVisible({ timeout: 5000 });
});

test('a token endpoint that redirects is reported, not followed', async ({ page }) => {
  const app = await live(page);
  await app.tokenUrl.fill(`${ISSUER}/moved`);
  await sendWith(app, POST_CLIENT);
  await expect(app.responsePanel.getByText(/answered with a redirect \(3xx\)\. It was not followed/)).toBeVisible();
});
