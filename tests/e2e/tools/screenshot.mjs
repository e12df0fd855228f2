// Takes screenshots of the built app in Debian's headless Chromium, for a human to look at: the
// whole set for the three places of use (issue 16). First the desk/laptop/phone shots below, then
// the states of screenshot-states.mjs (the docs page with the 800×700 iframe, locks, share panel,
// desk 1440×900 after discovery against a real oidc-provider), screenshot-presenter.mjs (presenter
// at 1280×720 and 1920×1080 after each scenario) and screenshot-relay.mjs (a CORS failure at
// 1440×900 with the CORS doctor and the relay), each light and dark. This script starts and stops
// the servers they need on 127.0.0.1: oidc-provider on 4180 (CORS for the app's origin) and 4181
// (CORS refused), and a cc-relay (skipped, with a message, when its binary is not built).
// Usage: node tools/screenshot.mjs <url> <out-dir>   (after `node serve.mjs ../../dist 4173`)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRelay } from './relay-process.mjs';

const [url = 'http://127.0.0.1:4173/', out = 'screenshots'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const shots = [
  { name: 'desktop-light', width: 1920, height: 1000, scheme: 'light' },
  { name: 'desktop-dark', width: 1920, height: 1000, scheme: 'dark' },
  { name: 'laptop-light', width: 1280, height: 900, scheme: 'light' },
  { name: 'mobile-light', width: 360, height: 1400, scheme: 'light' },
  { name: 'findings-1440', width: 1440, height: 1000, scheme: 'light', findings: true },
  { name: 'findings-360-dark', width: 360, height: 1400, scheme: 'dark', findings: true },
  { name: 'jwt-1440-dark', width: 1440, height: 1000, scheme: 'dark', jwt: true },
];
for (const s of shots) {
  const context = await browser.newContext({ viewport: { width: s.width, height: s.height }, colorScheme: s.scheme });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[${s.name}] console: ${m.text()}`); });
  page.on('pageerror', (e) => console.error(`[${s.name}] pageerror: ${e.message}`));
  await page.goto(url);
  if (s.findings) {
    // A request with several problems, so that the linter has something to say.
    await page.getByLabel('Token URL').fill('http://authorization-server.example/oauth2/token?client_secret=x');
    await page.getByLabel('Client secret', { exact: true }).fill('YOUR_CLIENT_SECRET');
    await page.getByLabel('Scope', { exact: true }).fill('');
  }
  if (s.jwt) {
    await page.getByLabel('Client authentication').selectOption('private_key_jwt');
    await page.getByRole('button', { name: 'Generate demo key' }).click();
    await page.getByLabel('Decoded client assertion').getByText('"alg"').waitFor();
  }
  await page.getByRole('button', { name: /^Send/ }).click();
  if (s.findings || s.jwt) await page.getByLabel('Raw HTTP response').waitFor();
  else await page.getByRole('timer').waitFor();
  await page.screenshot({ path: `${out}/${s.name}.png`, fullPage: true });
  console.log(`${out}/${s.name}.png`);
  await context.close();
}
await browser.close();

// The other sets, with the servers they need.
const here = dirname(fileURLToPath(import.meta.url));
const base = new URL(url).origin;
/** Runs `node <script> …args` and resolves when it exits (rejects on a failure). */
function run(script, args, env = {}) {
  const child = spawn(process.execPath, [join(here, script), ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  return new Promise((done, fail) => child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${script} exited with ${code}`)))));
}
/** Starts oidc-server.mjs on `port` with CORS for `origin` (`none`: refused); resolves once it listens. */
function oidc(port, origin) {
  const child = spawn(process.execPath, [join(here, 'oidc-server.mjs'), String(port), origin], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => { if (chunk.includes('oidc-provider')) done(child); });
    child.once('exit', (code) => fail(new Error(`oidc-server.mjs on ${port} exited with ${code}`)));
  });
}
const servers = [await oidc(4180, base), await oidc(4181, 'none')];
let relay = null;
try {
  relay = await startRelay({ allowOrigins: [base], allowTargets: ['http://127.0.0.1:4181'] });
} catch (e) {
  console.error(`screenshot: no relay shots (${e.message})`);
}
try {
  await run('screenshot-states.mjs', [base, out], { OIDC_ISSUER: 'http://127.0.0.1:4180' });
  await run('screenshot-presenter.mjs', [base, out]);
  if (relay) await run('screenshot-relay.mjs', [base, out, 'http://127.0.0.1:4181/token', relay.url]);
} finally {
  for (const s of servers) s.kill('SIGTERM');
  await relay?.stop();
}

