import { test, expect } from '@playwright/test';
import { Playground } from '../specs/pages/playground.mjs';
const ORIGIN = 'http://127.0.0.1:4173';
const urls = ['', '/oauth2/token', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pass@as.example/token',
 'https://as.example/token#frag', 'https://[::1]:8443/token', 'https://bücher.example/token', 'https://as.example/' + 'a'.repeat(9980)];
test('urls', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  for (const u of urls) {
    await app.tokenUrl.fill(u);
    await page.waitForTimeout(200);
    const alerts = await page.locator('.panel--request [role=alert]:visible').allInnerTexts();
    const raw = (await app.rawRequestText()).slice(0, 300);
    console.log('URL', JSON.stringify(u.slice(0,60)), '\n ALERTS', JSON.stringify(alerts), '\n RAW', JSON.stringify(raw), '\n SENDENABLED', await app.send.isEnabled());
  }
  await page.getByRole('radio', { name: 'Live' }).check();
  for (const u of urls.slice(0, 8)) {
    await app.tokenUrl.fill(u);
    await page.waitForTimeout(200);
    const alerts = await page.locator('[role=alert]:visible').allInnerTexts();
    console.log('LIVEURL', JSON.stringify(u), JSON.stringify(alerts), await app.send.isEnabled());
  }
  console.log('ERRORS', app.errors);
});
test('fields', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  for (const [f, v] of [['clientId', 'a\u0000b'], ['clientId', 'a\u0007b'], ['clientSecret', 's\u0000x'], ['clientSecret', 's\u001bx'], ['clientId', 'client-😀-שלום'], ['clientId', '\u202Eevil']]) {
    await app.clientId.fill('my_client_id_123'); await app.clientSecret.fill('my_secret_456');
    await app[f].fill(v);
    await page.waitForTimeout(200);
    console.log('FIELD', f, JSON.stringify(v), 'value=', JSON.stringify(await app[f].inputValue()), JSON.stringify(await page.locator('[role=alert]:visible').allInnerTexts()), JSON.stringify((await app.rawRequestText()).slice(0, 400)));
  }
  await app.clientId.fill('my_client_id_123');
  await page.getByText('More parameters').click();
  await page.getByRole('button', { name: 'Add header' }).click();
  await page.getByLabel('Extra headers: name').fill('X-A\r\nX-B');
  await page.getByLabel('Extra headers: value').fill('v\r\nInjected: 1');
  await page.waitForTimeout(200);
  console.log('HDR name=', JSON.stringify(await page.getByLabel('Extra headers: name').inputValue()), 'value=', JSON.stringify(await page.getByLabel('Extra headers: value').inputValue()), JSON.stringify(await page.locator('[role=alert]:visible').allInnerTexts()), JSON.stringify(await app.rawRequestText()));
  await page.goto('/?header.X-A%0D%0AX-B=1');
  await page.waitForTimeout(1000);
  console.log('PREFILL1', JSON.stringify(await page.locator('[role=alert]:visible, [role=region]:visible').allInnerTexts()), JSON.stringify(await app.rawRequestText()));
  await page.goto('/?header.X-Test=a%0D%0AInjected%3A%201');
  await page.waitForTimeout(1000);
  console.log('PREFILL2', JSON.stringify(await page.locator('[role=alert]:visible').allInnerTexts()), JSON.stringify(await app.rawRequestText()));
  console.log('ERRORS', app.errors);
});
