// Live mode through cc-relay (issue 18): a token from an oidc-provider that refuses every
// origin (CORS), the byte-exact body at a capture server, the CORS doctor's probe and its
// "Retry through the relay", the relay's own refusals shown as such — and a Relay URL that is
// garbage, down, or some other server answering HTML.
// The relay is the binary cargo builds (CC_RELAY_BIN, tools/relay-process.mjs), on 127.0.0.1.
import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';
import { BASIC_CLIENT, POST_CLIENT } from './pages/oidc-clients.mjs';
import { startCaptureServer } from '../tools/capture-server.mjs';
import { startRelay } from '../tools/relay-process.mjs';

const ORIGIN = 'http://127.0.0.1:4173';
const ISSUER = process.env.OIDC_ISSUER;
const REFUSING = process.env.OIDC_REFUSING_ISSUER;
// Failed fetches (the direct send refused by CORS, the probes) are logged by Chromium.
const EXPECTED_CONSOLE = /Failed to load resource|blocked by CORS policy|net::ERR_/;

/** @type {Awaited<ReturnType<typeof startRelay>>} */
let relay;

test.beforeAll(async () => {
  relay = await startRelay({ allowOrigins: [ORIGIN], allowTargets: [REFUSING] });
});

test.afterAll(async () => {
  await relay?.stop();
});

function expectHealthy(app) {
  const faults = app.errors.filter((e) => e.startsWith('pageerror') || !EXPECTED_CONSOLE.test(e));
  expect(faults, faults.join('\n')).toEqual([]);
}

/** The body of the raw request view (after the blank line), secrets revealed. */
async function rawBody(app) {
  await app.reveal.check();
  const raw = await app.rawRequestText();
  return raw.slice(raw.indexOf('\n\n') + 2).trim();
}

test('relay= opens live mode through the relay: a token from a server that refuses CORS', async ({ page }) => {
  const app = new Playground(page);
  await app.open(`?mode=live&relay=${encodeURIComponent(relay.url)}`);
  await expect(app.notices).toContainText(`This link sends live requests through the relay at ${relay.url}`);
  await expect(app.relayUrl).toHaveValue(relay.url);
  await app.fill({ tokenUrl: `${REFUSING}/token`, ...BASIC_CLIENT });
  // The raw view is the request that reaches the token endpoint, with a note on the hop.
  await expect(app.rawRequest).toContainText('POST /token HTTP/1.1');
  await expect(app.requestPanel).toContainText(`Sent through the relay at ${relay.url}; the relay forwards this request without Origin/Cookie`);
  await app.sendAndWaitForToken();
  await expect(app.timer).toBeVisible();
  await expect(app.responsePanel).toContainText(`through the relay at ${relay.url}`);
  // The relay logged method, host and status, never the secret.
  await expect.poll(() => relay.log.join('\n')).toContain('cc-relay POST 127.0.0.1:4181 200');
  expect(relay.log.join('\n')).not.toContain('p@ss');
  expectHealthy(app);
});

test('the body that arrives through the relay is byte-exact, without the browser\'s headers', async ({ page }) => {
  const capture = await startCaptureServer();
  const own = await startRelay({ allowOrigins: [ORIGIN], allowTargets: [capture.url] });
  try {
    const app = new Playground(page);
    await app.openLive({ tokenUrl: `${capture.url}/oauth2/token?tenant=a%20b`, ...POST_CLIENT, scope: 'orders:read orders:write' });
    await app.setRelay(own.url);
    await app.sendAndWaitForToken();
    expect(capture.requests).toHaveLength(1);
    const got = capture.requests[0];
    expect(got.method).toBe('POST');
    expect(got.target).toBe('/oauth2/token?tenant=a%20b');
    expect(got.body.toString('utf8')).toBe(await rawBody(app));
    const names = got.headers.map(([n]) => n.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(['content-type', 'accept', 'host', 'content-length']));
    for (const dropped of ['origin', 'cookie', 'referer', 'user-agent', 'accept-language', 'x-relay-target', 'x-relay-headers']) {
      expect(names, dropped).not.toContain(dropped);
    }
    expect(names.filter((n) => n.startsWith('sec-'))).toEqual([]);
    // Keep Origin (SPA client): this page's Origin reaches the server.
    await app.keepOrigin.check();
    await expect(app.requestPanel).toContainText("with this page's Origin (Keep Origin)");
    await app.sendAttempt(2);
    expect(capture.requests[1].headers.map(([n, v]) => [n.toLowerCase(), v])).toContainEqual(['origin', ORIGIN]);
    expectHealthy(app);
  } finally {
    await own.stop();
    await capture.close();
  }
});

test('a direct send refused by CORS: the probe says so, and "Retry through the relay" gets the token', async ({ page }) => {
  const app = new Playground(page);
  await app.openLive({ tokenUrl: `${REFUSING}/token`, ...POST_CLIENT });
  await app.send.click();
  const doctor = app.alert('CORS');
  await expect(doctor).toContainText('A no-cors probe reached the server, so it is up: this is a CORS refusal');
  await expect(doctor).not.toContainText('Nothing is listening');
  await expect(doctor).not.toContainText('resolve');
  // Copy button on the curl command.
  await expect(page.getByRole('button', { name: 'Copy curl' })).toBeVisible();
  // No relay set and none at the default address: no retry through it yet.
  await expect(app.retryThroughRelayButton()).toBeHidden();
  await app.setRelay(relay.url);
  await app.retryThroughRelayButton().click();
  await app.expectStatus('200 OK');
  await expect(app.timer).toBeVisible();
  await expect(app.responsePanel).toContainText(`through the relay at ${relay.url}`);
  expectHealthy(app);
});

test('nothing listening: told apart from CORS, no DNS advice for an IP literal', async ({ page }) => {
  const app = new Playground(page);
  await app.openLive({ tokenUrl: 'http://127.0.0.1:4198/token' });
  await app.send.click();
  const doctor = app.alert('Nothing is listening');
  await expect(doctor).toContainText('Nothing is listening at 127.0.0.1:4198');
  await expect(doctor).toContainText('A no-cors probe could not reach it either.');
  await expect(doctor).not.toContainText('CORS: the server');
  await expect(doctor).not.toContainText('DNS');
  expectHealthy(app);
});

test('a target outside --allow-target: the relay\'s refusal is shown in the page, naming the rule', async ({ page }) => {
  const app = new Playground(page);
  await app.openLive({ tokenUrl: `${ISSUER}/token`, ...POST_CLIENT });
  await app.setRelay(relay.url);
  await app.send.click();
  const refusal = app.alert('Relay refused');
  await expect(refusal).toContainText('Relay refused: target_not_allowed —');
  await expect(refusal).toContainText('from the relay, not from the server');
  await expect(refusal).toContainText('--allow-target');
  await expect(app.rawResponse).toHaveCount(0);
  expectHealthy(app);
});

test('Microsoft Entra AADSTS9002326 (confidential client with Origin) is explained, pointing at the relay', async ({ page }) => {
  const url = 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token';
  await page.route(url, (route) => route.fulfill({
    status: 400,
    headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
    body: JSON.stringify({
      error: 'invalid_request',
      error_description: "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: 'http://127.0.0.1:4173'.",
      error_codes: [9002326],
    }),
  }));
  const app = new Playground(page);
  await app.openLive({ tokenUrl: url, ...POST_CLIENT });
  await app.sendAndExpectStatus('400');
  const note = app.responsePanel.getByRole('note');
  await expect(note).toContainText('AADSTS9002326: Microsoft Entra ID refuses a confidential client');
  await expect(note).toContainText('Send it through the relay (Relay URL)');
  expectHealthy(app);
});

test.describe('attacks on the Relay URL', () => {
  test('garbage typed: a field error, and nothing is sent', async ({ page }) => {
    const app = new Playground(page);
    await app.openLive({ tokenUrl: `${REFUSING}/token`, ...POST_CLIENT });
    for (const garbage of ['not a url', 'javascript:alert(1)', 'ftp://127.0.0.1/', 'http://u:p@127.0.0.1:1/']) {
      await app.setRelay(garbage);
      await expect(app.relayUrl).toHaveAttribute('aria-invalid', 'true');
      await expect(app.alert('The Relay URL')).toBeVisible();
    }
    await app.send.click();
    await expect(app.alert('Not sent: the Relay URL')).toBeVisible();
    expect(relay.log.join('\n')).not.toContain('u:p');

    expectHealthy(app);
  });

  test('relay= garbage in a link: a notice naming it, the Relay URL left empty', async ({ page }) => {
    const linked = new Playground(page);
    await linked.open('?relay=javascript:alert(1)');
    await expect(linked.notices).toContainText('relay=javascript:alert(1) was ignored: the Relay URL uses the scheme "javascript:"');
    await linked.switchToLive();
    await expect(linked.relayUrl).toHaveValue('');
    expectHealthy(linked);
  });

  test('down: the relay is named as unreachable, not the server', async ({ page }) => {
    const gone = await startRelay({ allowOrigins: [ORIGIN], allowTargets: [REFUSING] });
    await gone.stop();
    const app = new Playground(page);
    await app.openLive({ tokenUrl: `${REFUSING}/token`, ...POST_CLIENT });
    await app.setRelay(gone.url);
    await app.send.click();
    await expect(app.alert('could not be reached')).toContainText(`The relay at ${gone.url} could not be reached`);
    await expect(app.alert('could not be reached')).toContainText('--allow-origin');
    expectHealthy(app);
  });

  test('another origin\'s relay refuses this page: named as unreachable with the --allow-origin fix', async ({ page }) => {
    const other = await startRelay({ allowOrigins: ['https://docs.example'], allowTargets: [REFUSING] });
    try {
      const app = new Playground(page);
      await app.openLive({ tokenUrl: `${REFUSING}/token`, ...POST_CLIENT });
      await app.setRelay(other.url);
      await app.send.click();
      await expect(app.alert('could not be reached')).toContainText('restart it with --allow-origin');
      expectHealthy(app);
    } finally {
      await other.stop();
    }
  });

  test('a server answering HTML: "not a cc-relay", its page never shown as the token response', async ({ page }) => {
    const app = new Playground(page);
    await app.openLive({ tokenUrl: `${REFUSING}/token`, ...POST_CLIENT });
    // The playground's own static server: same origin, answers GET / with index.html.
    await app.setRelay(ORIGIN);
    await app.send.click();
    await expect(app.alert('is not a cc-relay')).toContainText(
      `${ORIGIN} is not a cc-relay: its base URL answered HTTP 200 (text/html), not cc-relay's description.`,
    );
    await expect(app.rawResponse).toHaveCount(0);
    expectHealthy(app);
  });
});
