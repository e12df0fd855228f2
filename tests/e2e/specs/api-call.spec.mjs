import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';
import { POST_CLIENT } from './pages/oidc-clients.mjs';

test('the token calls the simulated API; a token without the needed scope is refused and explained', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  const call = page.getByRole('button', { name: 'Call API' });
  await expect(call).toBeDisabled();
  await app.send.click();
  await call.click();
  const response = app.apiResponse;
  await expect(response).toContainText('HTTP/1.1 200 OK');
  await expect(response).toContainText('"orders"');
  await expect(page.getByLabel('API request')).toContainText('Authorization: Bearer ••••••••');

  await app.scope.fill('inventory:read');
  await app.send.click();
  // Granted as requested, so the server leaves scope out (RFC 6749 §5.1).
  await expect(page.locator('[data-field="scope"]')).toHaveText('(not returned: same as requested, RFC 6749 §5.1)');
  await call.click();
  await expect(response).toContainText('HTTP/1.1 403 Forbidden');
  const why = app.alert('insufficient_scope');
  await expect(why).toContainText('lacks the scope this API needs (orders:read)');
});

test('the token from oidc-provider calls its protected API across origins', async ({ page }) => {
  const issuer = process.env.OIDC_ISSUER;
  const app = new Playground(page);
  await app.open();
  await app.switchToLive();
  await app.fill({ tokenUrl: `${issuer}/token`, ...POST_CLIENT });
  await app.sendAndWaitForToken();
  await app.callApi(`${issuer}/api/orders`);
  // Pretty-printed as the token response is (issue 16).
  await expect(app.apiResponse).toContainText('"client_id": "post-client"');
});
