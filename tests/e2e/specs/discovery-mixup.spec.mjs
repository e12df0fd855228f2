// Discovery mix-up (RFC 8414 §3.3, OpenID Connect Discovery §4.3): metadata whose issuer is not
// identical to the issuer asked for is not used at all. The page says why, naming both issuers,
// and fills nothing. A probe server on 127.0.0.1 (tools/probe-server.mjs) serves such metadata.
import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';
import { startProbeServer, OTHER_ISSUER } from '../tools/probe-server.mjs';

const ISSUER = process.env.OIDC_ISSUER;

/** @type {Awaited<ReturnType<typeof startProbeServer>>} */
let probe;
test.beforeAll(async () => {
  probe = await startProbeServer();
});
test.afterAll(async () => {
  await probe?.close();
});

async function live(page) {
  const app = new Playground(page);
  await app.openLive();
  return app;
}

test('discovery: metadata naming another issuer fills nothing and names both issuers', async ({ page }) => {
  const app = await live(page);
  // A good discovery first: oidc-provider's metadata fills the token URL and the JWKS URL.
  await app.discover(ISSUER);
  await expect(app.tokenUrl).toHaveValue(`${ISSUER}/token`);
  await expect(app.jwksUrl).toHaveValue(`${ISSUER}/jwks`);
  await expect(page.locator('.discovery')).toContainText(ISSUER);

  // Then an issuer whose metadata names another issuer (at both well-known URLs).
  const asked = `${probe.url}/mixup`;
  const before = probe.requests.length;
  await app.discover(asked);
  const why = app.alert('RFC 8414 §3.3');
  await expect(why).toContainText(`the issuer "${OTHER_ISSUER}"`);
  await expect(why).toContainText(`the issuer asked for is "${asked}"`);
  await expect(why).toContainText('nothing was filled in');
  // Nothing from it is used: the fields keep what they had, the earlier metadata is withdrawn.
  await expect(app.tokenUrl).toHaveValue(`${ISSUER}/token`);
  await expect(app.jwksUrl).toHaveValue(`${ISSUER}/jwks`);
  await expect(page.locator('.discovery')).toHaveCount(0);
  await expect(app.rawRequest).not.toContainText('attacker.example');
  // Only the two well-known URLs were asked (RFC 8414 §3.1, then OpenID Connect Discovery §4).
  const targets = probe.requests.slice(before).map((r) => `${r.method} ${r.target}`);
  expect(targets).toEqual([
    'GET /.well-known/oauth-authorization-server/mixup',
    'GET /mixup/.well-known/openid-configuration',
  ]);
});

test('discovery: the OpenID fallback issuer must be identical too, a trailing "/" included', async ({ page }) => {
  const app = await live(page);
  const tokenUrl = await app.tokenUrl.inputValue();
  const asked = `${probe.url}/slash`;
  await app.discover(asked);
  const why = app.alert('RFC 8414 §3.3');
  await expect(why).toContainText(`the issuer "${asked}/"`);
  await expect(why).toContainText(`the issuer asked for is "${asked}"`);
  await expect(why).toContainText('They differ only by a trailing "/"');
  await expect(app.tokenUrl).toHaveValue(tokenUrl);
  await expect(app.jwksUrl).toHaveValue('');
});

test('discovery against the simulated server: an issuer typed with a trailing "/" is not its issuer', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.tokenUrl.fill('https://other.example/token');
  await app.discover('https://authorization-server.example/');
  const why = app.alert('RFC 8414 §3.3');
  await expect(why).toContainText('the issuer "https://authorization-server.example"');
  await expect(why).toContainText('the issuer asked for is "https://authorization-server.example/"');
  await expect(app.tokenUrl).toHaveValue('https://other.example/token');
  // Typed exactly, the same server's metadata is used.
  await app.discover('https://authorization-server.example');
  await expect(app.tokenUrl).toHaveValue('https://authorization-server.example/oauth2/token');
});
