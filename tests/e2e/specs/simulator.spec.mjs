import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

test('a 10 s token counts down to Expired and the API refuses it afterwards', async ({ page }) => {
  await page.clock.install();
  const app = new Playground(page);
  await app.open();
  await app.openSimulatorSettings();
  await app.tokenLifetime.fill('10');
  await app.send.click();
  await expect(page.locator('[data-field="expires_in"]')).toHaveText('10 s');
  await expect(app.timer).toHaveText(/^Expires in 0:(10|0\d)( — renew soon)?$/);
  await app.callApi();
  await expect(app.apiResponse).toContainText('HTTP/1.1 200 OK');
  await page.clock.fastForward('00:12');
  await expect(app.timer).toHaveText(/^Expired 0:0\d ago$/);
  await app.callApi();
  await expect(app.apiResponse).toContainText('HTTP/1.1 401 Unauthorized');
  await expect(app.alert('invalid_token')).toContainText('expired');
});

test('faults: 503 with Retry-After and an HTML error page are reported precisely', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.openSimulatorSettings();
  await page.getByLabel('Fault').selectOption('503');
  await app.sendAndExpectStatus('503 Service Unavailable');
  await expect(app.rawResponse).toContainText('Retry-After: 30');
  await expect(page.getByText(/Expected a JSON object \(RFC 6749 §5\.1\) but got HTTP 503/)).toBeVisible();
  await page.getByLabel('Fault').selectOption('500-html');
  await app.send.click();
  await expect(app.rawResponse).toContainText('<h1>Internal Server Error</h1>');
  await expect(page.getByText(/got HTTP 500 with Content-Type text\/html/)).toBeVisible();
  // The body is shown as text, never rendered as HTML.
  await expect(page.locator('h1', { hasText: 'Internal Server Error' })).toHaveCount(0);
  await page.getByLabel('Fault').selectOption('none');
  await app.sendAndWaitForToken();
});
