import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { Playground } from './pages/playground.mjs';

const fixture = (name) => readFile(new URL(`../../fixtures/openapi/${name}`, import.meta.url), 'utf8');

test('OpenAPI import: a pasted YAML document offers its client credentials schemes and scopes', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.openOpenApiImport();
  await page.getByLabel('OpenAPI document (JSON or YAML)').fill(await fixture('orders-api.yaml'));
  await page.getByRole('button', { name: 'Read document' }).click();
  const schemes = page.getByRole('radiogroup', { name: 'Client credentials schemes' });
  await expect(schemes).toContainText('2 client credentials scheme(s) found');
  await expect(schemes).toContainText('https://eu.api.example/oauth2/token');
  await schemes.getByRole('radio').first().check();
  await expect(app.tokenUrl).toHaveValue('https://authorization-server.example/oauth2/token');
  await page.getByRole('checkbox', { name: /inventory:read/ }).check();
  await expect(app.scope).toHaveValue('orders:read inventory:read');
  await page.getByRole('checkbox', { name: /orders:read/ }).uncheck();
  await expect(app.scope).toHaveValue('inventory:read');
  await app.sendAndWaitForToken();
});

test('OpenAPI import: loaded by URL; an invalid document gets a precise error and keeps the text', async ({ page, baseURL }) => {
  const json = await fixture('orders-api.json');
  await page.route(`${baseURL}/specs/orders.json`, (route) => route.fulfill({ contentType: 'application/json', body: json }));
  const app = new Playground(page);
  await app.open();
  await app.openOpenApiImport();
  await page.getByLabel('Document URL').fill(`${baseURL}/specs/orders.json`);
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(page.getByRole('radiogroup', { name: 'Client credentials schemes' })).toContainText('ordersAuth');

  const broken = 'openapi: 3.0.3\ninfo:\n  title: x\n   version: 1\n';
  await page.getByLabel('OpenAPI document (JSON or YAML)').fill(broken);
  await page.getByRole('button', { name: 'Read document' }).click();
  await expect(app.alert(/line 4/)).toBeVisible();
  await expect(page.getByLabel('OpenAPI document (JSON or YAML)')).toHaveValue(broken);
});
