// Screenshots of states a reviewer should look at, at the sizes of the places of use:
// an 800×700 iframe in a host page (embed with an allowed origin: the token consent; locked
// fields and notices), the share panel's embed controls, a
// 1280×720 projector (a token too short-lived for the renewal margin), a 1440×900 desk
// (discovery refused for a mismatched issuer; a forbidden header listed as not sent), a 360 px
// phone (the same), DPoP with a nonce round (desk and phone), each light and dark.
// Usage: node tools/screenshot-states.mjs <base-url> <out-dir>   (after `node serve.mjs ../../dist 4173`)
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [base = 'http://127.0.0.1:4173', out = 'screenshots'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function embed(page) {
  const src = `${base}/?embed=1&origin=${encodeURIComponent(base)}`;
  await page.goto(`${base}/host/docs.html`);
  await page.setContent(`<!DOCTYPE html><html><body style="font-family:sans-serif;margin:16px">
    <h1>Orders API — getting a token</h1><p>Try it below.</p>
    <iframe id="pg" src="${src}" title="OAuth playground" width="800" height="700"
      sandbox="allow-scripts allow-same-origin allow-forms allow-popups"></iframe></body></html>`);
  const frame = page.frameLocator('#pg');
  await frame.getByRole('button', { name: /^Send/ }).click();
  await frame.getByRole('timer').waitFor();
}

/** The docs page with the frame locked (token_url, mode) and three notices, not yet sent. */
async function embedLocked(page) {
  const src = `${base}/?embed=1&lock=token_url,mode&colour=red&size=xl&theme=sepia`;
  await page.goto(`${base}/host/docs.html`);
  await page.setContent(`<!DOCTYPE html><html><body style="font-family:sans-serif;margin:16px">
    <h1>Orders API — locked example</h1>
    <iframe id="pg" src="${src}" title="OAuth playground" width="800" height="700"
      sandbox="allow-scripts allow-same-origin allow-forms allow-popups"></iframe></body></html>`);
  await page.frameLocator('#pg').getByRole('button', { name: 'Dismiss all' }).waitFor();
}

/** The full page's share panel with the embed controls and the live snippet. */
async function sharePanel(page) {
  await page.goto(`${base}/`);
  await page.getByText('Share, embed, save').click();
  await page.getByLabel('Colours in the frame').selectOption('dark');
  await page.getByRole('group', { name: 'Locked in the frame (lock=)' }).getByRole('button', { name: 'token_url', exact: true }).click();
  await page.getByLabel('Host page origins (origin=)').fill('https://docs.example');
  await page.getByLabel('Frame height (px)').fill('700');
  await page.getByLabel('Embed in documentation (iframe)').scrollIntoViewIfNeeded();
}

async function renewal(page) {
  await page.goto(`${base}/`);
  await page.getByText('Simulated server settings').click();
  await page.getByLabel('Token lifetime (s)').fill('10');
  await page.getByRole('button', { name: /^Send/ }).click();
  await page.getByRole('timer').waitFor();
  await page.getByLabel('Renew', { exact: true }).selectOption('30s');
  await page.getByLabel('Renew automatically before expiry').check();
  await page.getByRole('status').filter({ hasText: 'Too short-lived' }).waitFor();
}

async function desk(page) {
  await page.goto(`${base}/`);
  await page.getByLabel('Issuer').fill('https://authorization-server.example/');
  await page.getByRole('button', { name: /Discover/ }).click();
  await page.getByText(/issuer/i).first().waitFor();
  await page.waitForTimeout(500);
}

// Live against the e2e's oidc-provider (start `node tools/oidc-server.mjs 4180 <base>` first):
// a JWT access token, then discovery (metadata name over value, the token verified at once).
async function deskDiscovered(page) {
  const issuer = process.env.OIDC_ISSUER ?? 'http://127.0.0.1:4180';
  await page.goto(`${base}/`);
  await page.getByRole('radio', { name: 'Live' }).check();
  await page.getByLabel('Token URL').fill(`${issuer}/token`);
  await page.getByLabel('Client authentication').selectOption('client_secret_post');
  await page.getByLabel('Client ID').fill('post-client');
  await page.getByLabel('Client secret', { exact: true }).fill('post-secret-0123456789');
  await page.getByText('More parameters').click();
  await page.getByLabel('Resource').fill('https://api.example/orders');
  await page.getByRole('button', { name: /^Send/ }).click();
  await page.getByRole('timer').waitFor();
  await page.getByLabel('Issuer').fill(issuer);
  await page.getByRole('button', { name: /Discover/ }).click();
  await page.getByText(/Signature verified/).waitFor();
  await page.waitForTimeout(300);
}

// DPoP (RFC 9449) in simulated mode with "Require DPoP nonce": the checkbox and key in the
// composer, the raw request's proof, the nonce round (1st attempt 400 use_dpop_nonce) and the
// DPoP-bound token with cnf.jkt matching the page key.
async function dpop(page) {
  await page.goto(`${base}/?dpop=1`);
  await page.getByTestId('dpop-thumbprint').filter({ hasText: /[\w-]{43}/ }).waitFor();
  await page.getByText('Simulated server settings').click();
  await page.getByLabel('Require DPoP nonce').check();
  await page.getByText('Simulated server settings').click();
  await page.getByRole('button', { name: /^Send/ }).click();
  await page.getByRole('timer').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
}

/** The same, scrolled to the decoded proof under the raw request. */
async function dpopProof(page) {
  await dpop(page);
  await page.getByRole('region', { name: 'Decoded DPoP proof', exact: true }).scrollIntoViewIfNeeded();
}

/** The same, scrolled to the token panel's DPoP binding (cnf.jkt against the page key). */
async function dpopBinding(page) {
  await dpop(page);
  await page.getByTestId('dpop-binding-verdict').scrollIntoViewIfNeeded();
}

const shots = [
  { name: 'iframe-800x700', width: 900, height: 800, run: embed },
  { name: 'iframe-800x700-locked', width: 900, height: 800, run: embedLocked },
  { name: 'share-panel-1440x900', width: 1440, height: 900, run: sharePanel },
  { name: 'projector-1280x720', width: 1280, height: 720, run: renewal },
  { name: 'desk-1440x900', width: 1440, height: 900, run: desk },
  { name: 'desk-discovered-1440x900', width: 1440, height: 900, run: deskDiscovered },
  { name: 'phone-360', width: 360, height: 800, run: desk },
  { name: 'dpop-1440x900', width: 1440, height: 900, run: dpop },
  { name: 'dpop-proof-1440x900', width: 1440, height: 900, run: dpopProof },
  { name: 'dpop-phone-360', width: 360, height: 800, run: dpop },
  { name: 'dpop-proof-phone-360', width: 360, height: 800, run: dpopProof },
  { name: 'dpop-binding-phone-360', width: 360, height: 800, run: dpopBinding },
];
// SHOTS=name,name… takes only those.
const only = process.env.SHOTS?.split(',');
for (const s of shots.filter((shot) => !only || only.includes(shot.name))) {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: s.width, height: s.height }, colorScheme: scheme });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[${s.name}] pageerror: ${e.message}`));
    try {
      await s.run(page);
    } catch (e) {
      console.error(`[${s.name}-${scheme}] ${e.message.split('\n')[0]}`);
    }
    await page.screenshot({ path: `${out}/${s.name}-${scheme}.png` });
    console.log(`${out}/${s.name}-${scheme}.png`);
    await context.close();
  }
}
await browser.close();
