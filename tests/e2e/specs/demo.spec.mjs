// Demo mode: the flow diagram lighting up, guided scenarios, presenter mode and its shortcuts.
import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

/** Opens the demo panel; returns a finder for one step of the flow diagram, by its title. */
async function openDemo(page, app) {
  await app.openDemo();
  const flow = page.getByRole('list', { name: /Client credentials flow/ });
  await expect(flow).toBeVisible();
  return (title) => flow.getByRole('listitem').filter({ has: page.getByText(title, { exact: true }) });
}

test('the flow diagram lights up through a happy path: token steps on Send, API steps on Call API', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  const step = await openDemo(page, app);

  await expect(step('Prepare request')).toContainText('Done');
  await expect(step('Prepare request')).toContainText('POST /oauth2/token HTTP/1.1 · client_secret_basic');
  for (const title of ['Send', 'Server validates credentials', 'Token issued', 'Client stores token', 'Client calls API', 'API validates token']) {
    await expect(step(title)).toContainText('Pending');
  }

  await app.sendAndWaitForToken();
  for (const title of ['Send', 'Server validates credentials', 'Token issued', 'Client stores token']) {
    await expect(step(title)).toContainText('Done');
  }
  await expect(step('Send')).toContainText('200 OK');
  await expect(step('Token issued')).toContainText('expires_in 3600 s');
  // The stored token is shown masked, never in clear, unless secrets are revealed.
  await expect(step('Client stores token')).toContainText('Authorization: Bearer ••••••••');
  await expect(step('Client calls API')).toContainText('Pending');
  await expect(step('API validates token')).toContainText('Pending');

  await app.callApi();
  await expect(app.apiResponse).toContainText('HTTP/1.1 200 OK');
  await expect(step('Client calls API')).toContainText('Done');
  await expect(step('API validates token')).toContainText('Done');
  await expect(step('API validates token')).toContainText('200 OK: token accepted');
  // The state is said in words and with an icon, not by colour alone.
  await expect(step('API validates token').locator('[aria-hidden="true"]')).toHaveText('✓');

  // A new token makes the earlier API call stale: the API steps wait again.
  await app.send.click();
  await expect(step('Client calls API')).toContainText('Pending');
  app.expectNoPageErrors();
});

test('guided scenario "Wrong secret" fails at the server validating credentials and explains it', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  const step = await openDemo(page, app);
  await page.getByRole('button', { name: 'Wrong secret' }).click();

  const validate = step('Server validates credentials');
  await expect(validate).toContainText('Failed');
  await expect(validate).toContainText('401 Unauthorized · invalid_client');
  await expect(validate.locator('[aria-hidden="true"]')).toHaveText('✗');
  await expect(step('Send')).toContainText('Done');
  await expect(step('Token issued')).toContainText('Pending');
  await expect(app.clientSecret).toHaveValue('wrong_secret');
  const explanation = page.getByRole('status').filter({ hasText: 'Wrong secret' });
  await expect(explanation).toContainText('401 invalid_client');
  await expect(page.getByRole('button', { name: 'Wrong secret' })).toHaveAttribute('aria-pressed', 'true');
  app.expectNoPageErrors();
});

test('guided scenarios: missing scope calls the API and fails there; happy path then succeeds end to end', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  const step = await openDemo(page, app);

  await page.getByRole('button', { name: 'Missing scope' }).click();
  await expect(step('Token issued')).toContainText('inventory:read');
  await expect(step('API validates token')).toContainText('Failed');
  await expect(step('API validates token')).toContainText('403 Forbidden · insufficient_scope');
  await expect(app.scope).toHaveValue('inventory:read');

  // The next scenario starts again from the example: every step done.
  await page.getByRole('button', { name: 'Happy path' }).click();
  await expect(step('API validates token')).toContainText('Done');
  await expect(step('Token issued')).toContainText('orders:read');
  await expect(page.getByRole('listitem').filter({ hasText: 'Failed' })).toHaveCount(0);
  await expect(app.scope).toHaveValue('orders:read');
  app.expectNoPageErrors();
});

test('guided scenarios: JSON body refused at validation; server down keeps Send in progress, then fails with 503', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  const step = await openDemo(page, app);

  await page.getByRole('button', { name: 'JSON body mistake' }).click();
  await expect(step('Server validates credentials')).toContainText('Failed');
  await expect(step('Server validates credentials')).toContainText('400 Bad Request · invalid_request');
  await expect(app.rawRequest).toContainText('Content-Type: application/json');

  await page.getByRole('button', { name: 'Server down / slow' }).click();
  await expect(step('Send')).toContainText('In progress');
  await expect(step('Send')).toContainText('Failed', { timeout: 8_000 });
  await expect(step('Send')).toContainText('503 Service Unavailable');
  await expect(step('Server validates credentials')).toContainText('Pending');
  // The form is back to the example (no JSON body).
  await expect(app.rawRequest).toContainText('Content-Type: application/x-www-form-urlencoded');
  app.expectNoPageErrors();
});

test('guided scenario "Expired token on the API": after 10 s the API refuses the token', async ({ page }) => {
  test.setTimeout(45_000);
  const app = new Playground(page);
  await app.open();
  const step = await openDemo(page, app);
  await page.getByRole('button', { name: 'Expired token on the API' }).click();
  await expect(step('Token issued')).toContainText('expires_in 10 s');
  await expect(app.timer).toContainText('Expired', { timeout: 15_000 });
  await app.callApi();
  await expect(step('API validates token')).toContainText('Failed');
  await expect(step('API validates token')).toContainText('401 Unauthorized · invalid_token');
  app.expectNoPageErrors();
});

test('presenter mode: larger layout, shortcuts shown, secrets masked, and Alt+R does not reveal while on', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  const html = page.locator('html');
  const exportPanel = page.getByRole('heading', { name: 'Code export' });
  await expect(exportPanel).toBeVisible();

  // Off: Alt+R reveals and masks.
  await page.keyboard.press('Alt+KeyR');
  await expect(app.reveal).toBeChecked();
  await expect(app.rawRequest).not.toContainText('••••••••');
  await page.keyboard.press('Alt+KeyR');
  await expect(app.reveal).not.toBeChecked();

  // Reveal, then turn presenter mode on: secrets go back to masked.
  await app.reveal.check();
  await expect(app.rawRequest).not.toContainText('••••••••');
  await openDemo(page, app);
  await app.presenterMode.check();
  await expect(html).toHaveClass(/\bpresenter\b/);
  await expect(app.reveal).not.toBeChecked();
  await expect(app.rawRequest).toContainText('Authorization: Basic ••••••••');
  await expect(exportPanel).toBeHidden();
  const keys = page.getByRole('list', { name: 'Keyboard shortcuts' });
  await expect(keys).toContainText('Alt+R Reveal / mask secrets');
  await expect(keys).toContainText('Alt+N New token');
  await expect(keys).toContainText('Alt+T Toggle theme');
  await expect(keys).toContainText('Ctrl+Enter Send');

  await page.keyboard.press('Alt+KeyR');
  await expect(page.getByText('Secrets stay masked in presenter mode.')).toBeVisible();
  await expect(app.reveal).not.toBeChecked();
  await expect(app.rawRequest).toContainText('Authorization: Basic ••••••••');
  await expect(app.clientSecret).toHaveAttribute('type', 'password');
  // Even the checkbox cannot reveal while presenting: it is off, and says why.
  await expect(app.reveal).toBeDisabled();
  await expect(app.reveal).toHaveAttribute('title', /Hidden in presenter mode/);
  await app.reveal.click({ force: true });
  await expect(app.reveal).not.toBeChecked();
  await expect(app.rawRequest).toContainText('Authorization: Basic ••••••••');

  // Off again: the page is as before.
  await app.presenterMode.uncheck();
  await expect(html).not.toHaveClass(/\bpresenter\b/);
  await expect(exportPanel).toBeVisible();
  await expect(keys).toBeHidden();
  app.expectNoPageErrors();
});

test('Alt+N requests a new token, also while presenting', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  const history = page.getByText(/^Token history \(\d+\)$/);
  await expect(app.rawResponse).toHaveCount(0);
  await page.keyboard.press('Alt+KeyN');
  await app.expectStatus('200 OK');
  await expect(history).toHaveText('Token history (1)');

  const step = await openDemo(page, app);
  await expect(step('Token issued')).toContainText('Done');
  await app.presenterMode.check();
  await page.keyboard.press('Alt+KeyN');
  await expect(step('Send')).toContainText('Done');
  // The history panel is hidden while presenting; its count is still kept.
  await app.presenterMode.uncheck();
  await expect(history).toHaveText('Token history (2)');

  app.expectNoPageErrors();
});
