import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

test('the server log shows each step of a token request and the rule that refused a bad one', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.sendAndWaitForToken();
  await expect(app.serverLog).toContainText('Client my_client_id_123 authenticated with client_secret_basic (RFC 6749 §2.3)');
  await expect(app.serverLog).toContainText('Scope granted: orders:read');
  await expect(app.serverLog).toContainText('access token for my_client_id_123');

  await app.clientSecret.fill('wrong-secret');
  await app.sendAndExpectStatus('401 Unauthorized');
  await expect(app.rawResponse).toContainText('WWW-Authenticate: Basic realm="authorization-server.example"');
  const refused = app.serverLog.locator('li.log--fail').first();
  await expect(refused).toContainText('invalid_client: Client authentication failed');
  await expect(refused).toContainText('(RFC 6749 §5.2)');
  // What the user typed is kept.
  await expect(app.clientSecret).toHaveValue('wrong-secret');
});

test('a client registered for client_secret_post is refused when it uses Basic', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.openSimulatorSettings();
  await page.getByLabel('Registered authentication method of my_client_id_123').selectOption('client_secret_post');
  await app.sendAndExpectStatus('401 Unauthorized');
  await expect(app.serverLog).toContainText('is registered for client_secret_post (token_endpoint_auth_method) but authenticated with client_secret_basic');
  await app.chooseAuthMethod('client_secret_post');
  await app.sendAndWaitForToken();
});

test('private_key_jwt: the composer key is registered and verified; an unregistered new key is refused', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.chooseAuthMethod('private_key_jwt');
  await app.generateDemoKey();
  await expect(app.rawRequest).toContainText('client_assertion=');
  await app.sendAndWaitForToken();
  await expect(app.serverLog).toContainText('signature verified');

  await app.openSimulatorSettings();
  await page.getByLabel(/Register the composer's public key/).uncheck();
  const privateKey = page.getByRole('textbox', { name: 'Private key' });
  const oldKey = await privateKey.inputValue();
  await app.generateDemoKey();
  await expect(privateKey).not.toHaveValue(oldKey);
  await app.sendAndExpectStatus('401 Unauthorized');
  await expect(app.rawResponse).toContainText('does not verify with the public key registered for');
});

test('provider profiles: Entra-like wants <resource>/.default and answers expires_in as a string', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.openSimulatorSettings();
  await page.getByLabel('Provider profile').selectOption('entra');
  await expect(page.getByText(/must be exactly one <resource>\/\.default/)).toBeVisible();
  await app.send.click();
  await expect(app.rawResponse).toContainText('AADSTS1002012');
  await page.getByRole('textbox', { name: 'Scope' }).fill('https://api.example/.default');
  await app.sendAndWaitForToken();
  await expect(app.rawResponse).toContainText('"ext_expires_in": "3600"');
  await expect(page.getByText(/expires_in is the string "3600"/)).toBeVisible();
  await expect(app.timer).toBeVisible();

  await page.getByLabel('Provider profile').selectOption('auth0');
  await app.sendAndExpectStatus('403 Forbidden');
  await expect(app.rawResponse).toContainText('No audience parameter was provided');
});

test('clock skew: a server 5 minutes ahead is noticed from its Date header', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.openSimulatorSettings();
  await page.getByLabel('Server clock skew (s)').fill('300');
  await app.sendAndWaitForToken();
  await expect(page.getByText(/The server's clock is 30\d s ahead of this computer's|The server's clock is 29\d s ahead of this computer's/)).toBeVisible();
  await page.getByLabel('Server clock skew (s)').fill('soon');
  await expect(app.alert('Clock skew must be a whole number of seconds')).toBeVisible();
});

test('introspection, and unknown resources refused with invalid_target', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.discover('https://authorization-server.example');
  await expect(page.locator('.discovery')).toContainText('/.well-known/oauth-authorization-server');
  await app.openSimulatorSettings();
  await page.getByLabel('Opaque access tokens (instead of JWTs)').check();
  await app.sendAndWaitForToken();
  await page.getByRole('button', { name: 'Introspect (RFC 7662)' }).click();
  const facts = page.getByLabel('Introspection');
  await expect(facts).toContainText('my_client_id_123');
  await expect(facts).toContainText('orders:read');

  await app.openMoreParameters();
  await page.getByLabel('Resource').fill('https://unknown.example/api');
  await app.send.click();
  await expect(app.rawResponse).toContainText('invalid_target');
  await expect(app.serverLog).toContainText('(RFC 8707 §2)');
});

test('registered clients are editable: a rotated secret refuses the old one; random latency is accepted', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.openSimulatorSettings();
  await page.getByLabel('Its registered credential').fill('rotated-secret-2');
  await app.sendAndExpectStatus('401 Unauthorized');
  await app.clientSecret.fill('rotated-secret-2');
  await app.sendAndWaitForToken();
  await page.getByLabel('May be granted (space-separated)').fill('inventory:read');
  await app.send.click();
  await expect(app.rawResponse).toContainText('invalid_scope');
  await page.getByLabel('Latency (ms)').fill('800-100');
  await expect(app.alert('a random range (100-800)')).toBeVisible();
  await page.getByLabel('Latency (ms)').fill('10-30');
  await expect(app.alert('a random range (100-800)')).toBeHidden();
});
