// Masking survives JSON escapes and the server log (issue 14, defect 6): a token written the way
// PHP's json_encode writes it (`\/`, `\u00xx`) is masked in "Raw body", in the pretty view and in
// "Copy body"; the simulated server's log of a teaching-mode GET never shows the client secret;
// presenter mode keeps both masked.
import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

// The token as a server holds it, and as PHP writes it into JSON.
const TOKEN = 'php-AT/escaped/ABC-9f8e7d';
const PHP_BODY = '{"access_token":"php-AT\\/escaped\\/\\u0041BC-9f8e7d","token_type":"Bearer","expires_in":3600,"refresh_token":"rt\\/\\u0073ecret-77"}';
const LEAKS = ['escaped', 'u0041BC', 'ABC-9f8e7d', 'ecret-77', TOKEN];

/** Live mode against a token endpoint on this page's own origin that answers like PHP. */
async function phpServer(page) {
  await page.route('**/php/token', (route) =>
    route.fulfill({
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
      body: PHP_BODY,
    }),
  );
  const app = new Playground(page);
  await app.open();
  await app.switchToLive();
  const origin = new URL(page.url()).origin;
  await app.tokenUrl.fill(`${origin}/php/token`);
  return app;
}

function expectNoLeak(text, where) {
  for (const leak of LEAKS) expect(text.includes(leak), `${where} shows ${leak}: ${text}`).toBe(false);
}

test('a PHP-escaped token is masked in Raw body, the pretty view and Copy body', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = await phpServer(page);
  await app.sendAndExpectStatus('200');
  await expect(app.rawResponse).toContainText('"token_type": "Bearer"');
  expectNoLeak((await app.rawResponse.textContent()) ?? '', 'pretty view');

  await app.responsePanel.getByLabel('Raw body').check();
  await expect(app.rawResponse).toContainText('"token_type":"Bearer"');
  expectNoLeak((await app.rawResponse.textContent()) ?? '', 'Raw body');

  await app.responsePanel.getByRole('button', { name: 'Copy body' }).click();
  await expect(app.responsePanel.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('"token_type":"Bearer"');
  expectNoLeak(copied, 'Copy body');

  // Revealed on purpose, the body is shown as the server sent it.
  await app.reveal.check();
  await expect(app.rawResponse).toContainText('php-AT\\/escaped');

  // Presenter mode masks again, everywhere.
  await app.openDemo();
  await app.presenterMode.check();
  await expect(app.rawResponse).toContainText('"token_type":"Bearer"');
  expectNoLeak((await app.rawResponse.textContent()) ?? '', 'Raw body in presenter mode');
  app.expectNoPageErrors();
});

test('the server log of a teaching-mode GET with client_secret_post does not show the secret', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.fill({ method: 'client_secret_post', clientSecret: 's3cret/with+stuff' });
  await app.enableTeachingMode();
  await page.getByLabel('GET with the parameters in the query string').check();
  await expect(app.rawRequest).toContainText('GET /oauth2/token?');
  await expect(app.rawRequest).toContainText('client_secret=');
  await app.sendAndExpectStatus('405 Method Not Allowed');
  const log = app.serverLog;
  await expect(log).toContainText('Parsed the request: GET /oauth2/token?');
  await expect(log).toContainText('client_secret=••••••••');
  const text = (await log.textContent()) ?? '';
  for (const form of ['s3cret', 'with%2Bstuff', 'with+stuff', 's3cret%2Fwith']) {
    expect(text.includes(form), `server log shows ${form}: ${text}`).toBe(false);
  }
  // Presenter mode: still masked.
  await app.openDemo();
  await app.presenterMode.check();
  expect(((await log.textContent()) ?? '').includes('s3cret')).toBe(false);
  app.expectNoPageErrors();
});
