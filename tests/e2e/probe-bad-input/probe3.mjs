import { test, expect } from '@playwright/test';
import { Playground } from '../specs/pages/playground.mjs';
const ORIGIN = 'http://127.0.0.1:4173';
const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const tok = (extra) => JSON.stringify({ access_token: 'opaque-abc', token_type: 'Bearer', expires_in: 3600, ...extra });
const now = Math.floor(Date.now()/1000);
const jwtTok = (t) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ access_token: t, token_type: 'Bearer', expires_in: 3600 }) });
const rows = [
  ['dupkeys', { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"access_token":"first-token","token_type":"Bearer","access_token":"second-token","expires_in":3600}' }],
  ['exp-string', { status: 200, headers: { 'Content-Type': 'application/json' }, body: tok({ expires_in: '3600' }) }],
  ['exp-neg', { status: 200, headers: { 'Content-Type': 'application/json' }, body: tok({ expires_in: -5 }) }],
  ['exp-1e308', { status: 200, headers: { 'Content-Type': 'application/json' }, body: tok({}).replace('3600', '1e308') }],
  ['exp-missing', { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ access_token: 'opaque-abc', token_type: 'Bearer' }) }],
  ['jwt-none', jwtTok(`${b64({alg:'none',typ:'at+jwt'})}.${b64({iss:'https://as.example',sub:'c',client_id:'c',exp:now+3600,iat:now,jti:'1',aud:'https://api'})}.`)],
  ['jwt-hugeheader', jwtTok(`${b64({alg:'RS256',typ:'at+jwt',x:'h'.repeat(100*1024)})}.${b64({sub:'x',exp:now+3600})}.sig`)],
];
for (const [name, reply] of rows) test(name, async ({ page }) => {
  await page.route(`${ORIGIN}/bad-token`, (route) => route.fulfill(reply));
  const app = new Playground(page);
  await app.open();
  await page.getByRole('radio', { name: 'Live' }).check();
  await app.tokenUrl.fill(`${ORIGIN}/bad-token`);
  await app.send.click();
  await page.waitForTimeout(1200);
  for (const sel of ['.panel--token', '.panel--findings', 'section:has(#jwt-title)', '[role=timer]']) {
    const l = page.locator(sel);
    if (await l.count()) console.log(`--- ${name} ${sel}:`, (await l.first().innerText()).replace(/h{100,}/g, 'hhh…').slice(0, 1200));
  }
  await app.reveal.check();
  console.log('RAWRESP', name, (await app.rawResponse.innerText()).slice(0, 300));
});
test('big secret', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  const t0 = Date.now();
  await app.clientSecret.fill('s'.repeat(100_000));
  console.log('fill ms', Date.now()-t0);
  const t1 = Date.now();
  await app.clientId.press('End');
  await app.clientId.press('Z');
  await expect(app.rawRequest).toContainText('Basic ••••••••');
  console.log('press ms', Date.now()-t1, JSON.stringify(await page.locator('[role=alert]:visible').allInnerTexts()));
  await app.reveal.check();
  const t2 = Date.now();
  await app.clientId.press('Y');
  console.log('revealed press ms', Date.now()-t2, (await app.rawRequestText()).length);
});
test('10mb responsive', async ({ page }) => {
  await page.route(`${ORIGIN}/bad-token`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'application/json' }, body: tok({ padding: 'x'.repeat(10*1024*1024) }) }));
  const app = new Playground(page);
  await app.open();
  await page.getByRole('radio', { name: 'Live' }).check();
  await app.tokenUrl.fill(`${ORIGIN}/bad-token`);
  const t0 = Date.now();
  await app.send.click();
  await expect(app.rawResponse).toContainText('HTTP/1.1 200', { timeout: 20000 });
  console.log('shown ms', Date.now()-t0);
  console.log('resp', (await app.responsePanel.innerText()).replace(/x{100,}/g, 'xxx…').slice(0, 800));
  const t1 = Date.now();
  await app.clientId.fill('after-big');
  await expect(app.rawRequest).toBeVisible();
  console.log('fill ms', Date.now()-t1);
  console.log('token', await page.locator('.panel--token').innerText());
});
