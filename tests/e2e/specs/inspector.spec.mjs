import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';
import { BASIC_CLIENT, POST_CLIENT } from './pages/oidc-clients.mjs';

const ISSUER = process.env.OIDC_ISSUER;
const OTHER = process.env.OIDC_REFUSING_ISSUER;

/** Live mode, with oidc-provider's token endpoint and JWKS found by discovery. */
async function discovered(page) {
  const app = new Playground(page);
  await app.open();
  await app.switchToLive();
  await app.discover(ISSUER);
  await expect(app.tokenUrl).toHaveValue(`${ISSUER}/token`);
  await expect(app.jwksUrl).toHaveValue(`${ISSUER}/jwks`);
  return app;
}

/** Gets a token for `client` (fill() fields) and the resource `resource` (More parameters). */
async function tokenFor(page, app, client, resource) {
  await app.fill(client);
  await app.openMoreParameters();
  await page.getByLabel('Resource').fill(resource);
  await app.sendAndWaitForToken();
}

test('a JWT access token from oidc-provider is decoded, checked and verified with the discovered JWKS', async ({ page }) => {
  const app = await discovered(page);
  await tokenFor(page, app, POST_CLIENT, 'https://api.example/orders');

  const header = app.jwtHeader;
  await expect(header).toContainText('at+jwt');
  await expect(header).toContainText('ES256');
  const claims = app.jwtClaims;
  await expect(claims).toContainText('post-client');
  await expect(claims).toContainText(/UTC \(in (4|5) min\)/);
  const checks = page.getByLabel('Token checks');
  await expect(checks).toContainText('typ is at+jwt (RFC 9068 §2.1).');
  await expect(checks).toContainText('aud includes what was requested (https://api.example/orders).');
  await expect(checks).toContainText('client_id is this client.');
  await expect(checks).toContainText('iss is the discovered issuer.');
  await expect(claims).toContainText('local time');
  await expect(page.getByText(/Signature verified with key "as-signing-key"/)).toBeVisible();

  // Another server's JWKS has a key with the same kid but different material: bad signature.
  await app.verifyWithJwks(`${OTHER}/jwks`);
  await expect(page.getByText(/Bad signature/)).toBeVisible();

  // A pasted JWKS works too.
  const jwks = await (await page.request.get(`${ISSUER}/jwks`)).text();
  await app.verifyWithJwks(jwks);
  await expect(page.getByText(/Signature verified with key "as-signing-key" from the pasted JWKS/)).toBeVisible();

  // A JWKS URL that is not a JWKS is explained.
  await app.verifyWithJwks(`${ISSUER}/.well-known/openid-configuration`);
  await expect(page.getByText(/The JWKS is not usable: no "keys" array/)).toBeVisible();
});

test("the simulated server's JWT access token verifies with its JWKS found by discovery", async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.discover('https://authorization-server.example');
  await expect(app.jwksUrl).toHaveValue('https://authorization-server.example/jwks');
  await app.send.click();
  await expect(app.jwtHeader).toContainText('at+jwt');
  await expect(page.getByText(/Signature verified with key "simulator-key-1"/)).toBeVisible();
  await expect(page.getByLabel('Token checks')).toContainText('iss is the discovered issuer.');
  // The same token still opens the simulated API.
  await app.callApi();
  await expect(app.apiResponse).toContainText('HTTP/1.1 200 OK');
});

test('introspection (RFC 7662) at the discovered endpoint says the token is active', async ({ page }) => {
  const app = await discovered(page);
  // This resource gets opaque tokens, which only introspection can explain.
  await tokenFor(page, app, BASIC_CLIENT, 'https://api.example/opaque');
  await expect(page.getByText(/An opaque token/)).toBeVisible();
  await page.getByRole('button', { name: 'Introspect (RFC 7662)' }).click();
  await expect(page.getByText('✓ active: the server accepts this token.')).toBeVisible();
  await expect(page.getByLabel('Introspection')).toContainText('basic-client');
});
