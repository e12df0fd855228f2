import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';

test('the countdown reaches expiry; with auto-renew a new token is requested inside the margin', async ({ page }) => {
  await page.clock.install();
  const app = new Playground(page);
  await app.open();
  await app.send.click();
  await expect(app.timer).toHaveText(/^Expires in (1:00:00|59:5\d)$/);

  // Without renewal the token runs out.
  await page.clock.fastForward('59:30');
  await expect(app.timer).toHaveText(/^Expires in 0:\d\d — renew soon$/);
  await page.clock.fastForward('01:00');
  await expect(app.timer).toHaveText(/^Expired 0:\d\d ago$/);

  // Renew now: a new token.
  await page.getByRole('button', { name: 'Renew now' }).click();
  await expect(app.attempt(2)).toBeVisible();
  await expect(app.timer).toHaveText(/^Expires in (1:00:00|59:5\d)$/);

  // Automatic renewal inside the 60 s margin, once per token.
  await page.getByLabel('Renew automatically before expiry').check();
  await page.clock.fastForward('58:30');
  await expect(app.timer).toHaveText(/^Expires in 1:\d\d$/);
  await expect(app.attempt(2)).toBeVisible();
  await page.clock.fastForward('01:00');
  await expect(app.attempt(3)).toBeVisible();
  await expect(app.timer).toHaveText(/^Expires in (1:00:00|59:5\d)$/);
  await expect(app.attempt(4)).toHaveCount(0);

  // Each renewal is in the in-memory history, newest first, without the token itself.
  await page.getByText('Token history (3)').click();
  const rows = page.getByLabel('Token history').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('token, expires_in 3600 s');
  await expect(page.getByLabel('Token history')).not.toContainText('sim_');
});

test('renewal at 80 % of the lifetime', async ({ page }) => {
  await page.clock.install();
  const app = new Playground(page);
  await app.open();
  await app.send.click();
  await expect(app.timer).toBeVisible();
  await page.getByLabel('Renew', { exact: true }).selectOption('at-80');
  await page.getByLabel('Renew automatically before expiry').check();
  await page.clock.fastForward('47:00');
  await expect(app.timer).toHaveText(/^Expires in 1[23]:\d\d$/);
  await expect(app.attempt(2)).toHaveCount(0);
  await page.clock.fastForward('02:00');
  await expect(app.attempt(2)).toBeVisible();
});

test('a 10 s token with "30 s before expiry": no renewal loop, the lifetime is said to be too short, the page stays responsive', async ({ page }) => {
  await page.clock.install();
  const app = new Playground(page);
  await app.open();
  await app.openSimulatorSettings();
  await app.tokenLifetime.fill('10');
  await app.send.click();
  await expect(app.timer).toHaveText(/^Expires in 0:(10|0\d)/);
  await page.getByLabel('Renew', { exact: true }).selectOption('30s');
  await page.getByLabel('Renew automatically before expiry').check();
  const note = page.getByRole('status').filter({ hasText: 'Too short-lived for automatic renewal' });
  await expect(note).toBeVisible();
  await expect(note).toContainText('this token lives 10 s and renewal is set for 30 s before expiry');

  // Time passes: still the first token, no renewal at all (before the fix: one per tick).
  await page.clock.fastForward('00:30');
  await expect(app.timer).toHaveText(/^Expired 0:\d\d ago$/);
  await expect(app.attempt(1)).toBeVisible();
  await expect(app.attempt(2)).toHaveCount(0);

  // The page still answers: typing updates the raw request at once.
  await app.scope.fill('orders:write');
  await expect(app.rawRequest).toContainText('scope=orders%3Awrite');

  // A margin that fits (80 %): the expired token is renewed once; the next 10 s token is not
  // renewed before the minimum interval (10 s) since the last renewal has passed.
  await page.getByLabel('Renew', { exact: true }).selectOption('at-80');
  await expect(app.attempt(2)).toBeVisible();
  await expect(note).toBeHidden();
  await page.clock.fastForward('00:05');
  await expect(app.attempt(3)).toHaveCount(0);
  await page.clock.fastForward('00:06');
  await expect(app.attempt(3)).toBeVisible();
  await expect(app.attempt(4)).toHaveCount(0);
  app.expectNoPageErrors();
});
