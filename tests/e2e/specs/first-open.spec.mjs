import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

test('first open shows the lesson example, ready to send', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await expect(page).toHaveTitle('Client Credentials Playground');
  await expect(app.tokenUrl).toHaveValue('https://authorization-server.example/oauth2/token');
  await expect(app.clientId).toHaveValue('my_client_id_123');
  await expect(app.clientSecret).toHaveValue('my_secret_456');
  await expect(app.clientSecret).toHaveAttribute('type', 'password');
  await expect(app.clientAuth).toHaveValue('client_secret_basic');
  await expect(page.getByRole('radio', { name: 'Simulated' })).toBeChecked();
  const raw = await app.rawRequestText();
  expect(raw).toContain('POST /oauth2/token HTTP/1.1\nHost: authorization-server.example\n');
  expect(raw).toContain('Content-Type: application/x-www-form-urlencoded\n');
  expect(raw).toContain('Accept: application/json\n');
  expect(raw).not.toContain('my_secret_456');
  app.expectNoPageErrors();
});

test('Send gives a token at once and the countdown goes down', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.sendAndWaitForToken();
  await expect(app.rawResponse).toContainText('"token_type": "Bearer"');
  // The token is a secret: masked in the raw response until revealed.
  await expect(app.rawResponse).toContainText('"access_token": "••••••••"');
  await app.reveal.check();
  await expect(app.rawResponse).toContainText(/"access_token": "eyJ[\w-]+\.[\w-]+\.[\w-]+"/);
  await app.reveal.uncheck();
  await expect(app.responsePanel.getByText('simulated', { exact: true })).toBeVisible();
  await expect(page.locator('[data-field="token_type"]')).toHaveText('Bearer');
  await expect(page.locator('[data-field="expires_in"]')).toHaveText('3600 s');
  await expect(page.locator('[data-field="scope"]')).toHaveText('(not returned: same as requested, RFC 6749 §5.1)');
  await expect(app.timer).toHaveText(/^Expires in (1:00:00|59:\d\d)$/);
  const first = await app.secondsLeft();
  expect(first).toBeGreaterThan(3590);
  // Wait until the displayed value changes, then check it went down, not up.
  await expect.poll(() => app.secondsLeft(), { timeout: 4000 }).toBeLessThan(first);
  expect(await app.secondsLeft()).toBeGreaterThanOrEqual(first - 3);
  app.expectNoPageErrors();
});

test('Ctrl+Enter sends from a form field', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.scope.click();
  await page.keyboard.press('Control+Enter');
  await app.expectStatus('200 OK');
  await expect(app.timer).toBeVisible();
});

test('the app fits a 360 px wide screen without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  const app = new Playground(page);
  await app.open();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
