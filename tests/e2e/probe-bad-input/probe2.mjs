import { test, expect } from '@playwright/test';
import { Playground } from '../specs/pages/playground.mjs';
const ORIGIN = 'http://127.0.0.1:4173';
const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const tok = (extra) => JSON.stringify({ access_token: 'opaque-abc', token_type: 'Bearer', expires_in: 3600, ...extra });
const ACAO = { 'Access-Control-Allow-Origin': '*' };
const now = Math.floor(Date.now()/1000);
const jwtTok = (t) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ access_token: t, token_type: 'Bearer', expires_in: 3600 }) });
const rows = [
  ['html', { status: 500, headers: { 'Content-Type': 'text/html' }, body: '<!DOCTYPE html><html><body><h1>Bad Gateway</h1></body></html>' }],
  ['array', { status: 200, headers: { 'Content-Type': 'application/json' }, body: '[{"access_token":"x"}]' }],
  ['dupkeys', { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"access_token":"first-token","token_type":"Bearer","access_token":"second-token","expires_in":3600}' }],
  ['exp-string', { status: 200, headers: { 'Content-Type': 'application/json' }, body: tok({ expires_in: '3600' }) }],
  ['exp-neg', { status: 200, headers: { 'Content-Type': 'application/json' }, body: tok({ expires_in: -5 }) }],
  ['exp-1e308', { status: 200, headers: { 'Content-Type': 'application/json' }, body: tok({}).replace('3600', '1e308') }],
  ['exp-missing', { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ access_token: 'opaque-abc', token_type: 'Bearer' }) }],
  ['10mb', { status: 200, headers: { 'Content-Type': 'application/json' }, body: tok({ padding: 'x'.repeat(10*1024*1024) }) }],
  ['badutf8', { status: 200, headers: { 'Content-Type': 'application/json' }, body: Buffer.concat([Buffer.from('{"access_token":"ab'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","token_type":"Bearer","expires_in":3600}')]) }],
  ['204', { status: 204, headers: {}, body: '' }],
  ['302', { status: 302, headers: { Location: 'https://elsewhere.example/token' }, body: '' }],
  ['jwt-2seg', jwtTok(`${b64({alg:'RS256'})}.${b64({sub:'x'})}`)],
  ['jwt-5seg', jwtTok(`${b64({alg:'RSA-OAEP',enc:'A256GCM'})}.aaaa.bbbb.cccc.dddd`)],
  ['jwt-badb64', jwtTok(`${b64({alg:'RS256'})}.@@@!!.sig`)],
  ['jwt-none', jwtTok(`${b64({alg:'none',typ:'at+jwt'})}.${b64({iss:'https://as.example',sub:'c',client_id:'c',exp:now+3600,iat:now,jti:'1',aud:'https://api'})}.`)],
  ['jwt-hugeheader', jwtTok(`${b64({alg:'RS256',typ:'at+jwt',x:'h'.repeat(100*1024)})}.${b64({sub:'x',exp:now+3600})}.sig`)],
  ['jwt-nonjson', jwtTok(`${b64({alg:'RS256'})}.${b64('hello, not json')}.sig`)],
];
for (const [name, reply] of rows) test(name, async ({ page }) => {
  await page.route(`${ORIGIN}/bad-token`, (route) => route.fulfill(reply));
  const app = new Playground(page);
  await app.open();
  await page.getByRole('radio', { name: 'Live' }).check();
  await app.tokenUrl.fill(`${ORIGIN}/bad-token`);
  const t0 = Date.now();
  await app.send.click();
  await page.waitForTimeout(name === '10mb' ? 4000 : 1200);
  const txt = await app.responsePanel.innerText();
  console.log('=== ROW', name, Date.now()-t0, 'ms\n', txt.slice(0, 1800).replace(/x{200,}/g, 'xxx…'));
  const insp = page.locator('.jwt, [aria-label="JWT header"], .inspector');
  console.log('ALERTS', JSON.stringify(await page.locator('[role=alert]:visible').allInnerTexts()).slice(0, 1500));
  console.log('ERRORS', app.errors, await page.locator('#panic-banner').count());
});
test('refused', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await page.getByRole('radio', { name: 'Live' }).check();
  await app.tokenUrl.fill(`http://127.0.0.1:9/token`);
  await app.send.click();
  await page.waitForTimeout(1500);
  console.log('=== refused', await app.responsePanel.innerText());
  console.log('ERRORS', app.errors);
});
test('hang', async ({ page }) => {
  await page.route(`${ORIGIN}/bad-token`, () => {});
  const app = new Playground(page);
  await app.open();
  await page.getByRole('radio', { name: 'Live' }).check();
  await app.tokenUrl.fill(`${ORIGIN}/bad-token`);
  await page.getByLabel('Timeout (s)').fill('1');
  await app.send.click();
  await page.waitForTimeout(2500);
  console.log('=== hang', await app.responsePanel.innerText());
  console.log('ERRORS', app.errors);
});
test('cors', async ({ page }) => {
  await page.route(`http://127.0.0.1:4181/bad-token`, (route) => route.fulfill({status:200, headers:{'Content-Type':'application/json'}, body: tok({})}));
  const app = new Playground(page);
  await app.open();
  await page.getByRole('radio', { name: 'Live' }).check();
  await app.tokenUrl.fill(`http://127.0.0.1:4181/bad-token`);
  await app.send.click();
  await page.waitForTimeout(1500);
  console.log('=== cors', await app.responsePanel.innerText());
  console.log('ERRORS', app.errors);
});
test('misc', async ({ page }) => {
  const app = new Playground(page);
  await app.open();
  await app.reveal.check();
  await app.clientId.fill('client-😀-שלום');
  console.log('EMOJI', JSON.stringify(await app.rawRequestText()));
  await app.tokenUrl.fill('https://as.example/token#frag');
  console.log('SIMALERTS', JSON.stringify(await page.locator('[role=alert]:visible').allInnerTexts()), 'RAWPANEL', JSON.stringify(await app.requestPanel.innerText()));
  await app.send.click();
  await page.waitForTimeout(500);
  console.log('AFTER SEND', JSON.stringify(await app.responsePanel.innerText()));
  await page.getByText('Share, embed, save').click();
  console.log('SHARE', await page.locator('.panel--share, details:has-text("Share, embed, save")').first().innerText());
  console.log('ERRORS', app.errors);
});
