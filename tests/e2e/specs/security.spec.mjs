// Security (issue 9): the Content-Security-Policy holds during a full session, strings from servers are
// rendered as text and never run, and secrets leave no trace in storage, the URL or the console.
// Hostile servers are played by Playwright (`page.route`) on same-origin URLs: no server is needed.
import { test, expect } from '@playwright/test';
import { Playground } from './pages/playground.mjs';
import { POST_CLIENT } from './pages/oidc-clients.mjs';

const ISSUER = process.env.OIDC_ISSUER;
const ORIGIN = 'http://127.0.0.1:4173';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
// Inside a quoted-string of a header (RFC 9110 §5.6.4) a payload cannot itself carry quotes.
const IMG_UNQUOTED = '<img src=x onerror=window.__pwned=1>';

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned JWT (`alg: none`) whose header and claims are all hostile strings. */
function hostileJwt() {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'none', typ: 'at+jwt', kid: IMG };
  const claims = {
    iss: IMG,
    sub: SCRIPT,
    aud: [IMG, SCRIPT],
    client_id: IMG,
    scope: SCRIPT,
    jti: IMG,
    iat: now,
    exp: now + 3600,
    [IMG]: SCRIPT,
    [SCRIPT]: { [IMG]: [SCRIPT] },
  };
  return `${b64url(header)}.${b64url(claims)}.`;
}

/** Collects CSP violations from the first script on (before the app's own). */
async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
}
const cspViolations = (page) => page.evaluate(() => window.__cspViolations);

/** Nothing hostile ran or became markup. */
async function expectInert(page) {
  // An <img src=x> would fail to load within a few ms and fire onerror.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.__pwned), 'a hostile payload executed').toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('script', { hasText: '__pwned' })).toHaveCount(0);
  await expect(page.locator('[onerror]')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
}

test.describe('Content-Security-Policy', () => {
  test('the policy is in the page and a full session (send, inspector, API, live, JWKS) violates nothing', async ({ page }) => {
    await watchCsp(page);
    const app = new Playground(page);
    await app.open();

    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    for (const directive of ["style-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "img-src 'self' data:", 'connect-src *']) {
      expect(policy).toContain(directive);
    }
    expect(policy).not.toContain('unsafe-inline');
    expect(await page.locator('meta[name="referrer"]').getAttribute('content')).toBe('no-referrer');

    // Simulated: send, inspector, API call, countdown ticking (the bar's inline style).
    await app.sendAndWaitForToken();
    await expect(app.jwtClaims).toBeVisible();
    await app.callApi();
    await expect(app.apiResponse).toContainText('HTTP/1.1 200 OK');
    await page.getByLabel('Theme').selectOption('dark');
    await page.waitForTimeout(1100);

    // Live, across origins: token, JWKS verification, API. (Not discovery: its RFC 8414 probe of
    // oidc-provider fails CORS by design before the OIDC fallback, and Chromium logs that as an error.)
    await app.switchToLive();
    await app.fill({ tokenUrl: `${ISSUER}/token`, ...POST_CLIENT });
    await app.sendAndWaitForToken();
    await app.callApi(`${ISSUER}/api/orders`);
    await expect(app.apiResponse).toContainText('"client_id": "post-client"');
    // A resource makes oidc-provider issue a JWT access token, verified with its JWKS.
    await app.openMoreParameters();
    await page.getByRole('textbox', { name: 'Resource', exact: true }).fill('https://api.example/orders');
    await app.send.click();
    await expect(app.jwtHeader).toContainText('at+jwt');
    await app.verifyWithJwks(`${ISSUER}/jwks`);
    await expect(page.getByText(/Signature verified with key/)).toBeVisible();

    expect(await cspViolations(page)).toEqual([]);
    app.expectNoPageErrors();
  });

  test('the policy is enforced: injected inline scripts, handlers and foreign scripts are refused', async ({ page }) => {
    await watchCsp(page);
    const app = new Playground(page);
    await app.open();
    // (Not eval: Playwright's own evaluate() is exempt from the page's CSP.)
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.append(s);
      const d = document.createElement('script');
      d.src = 'data:text/javascript,window.__inline=3';
      document.head.append(d);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__inline = 2');
      img.src = 'x';
      document.body.append(img);
    });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.__inline)).toBeUndefined();
    const violations = await cspViolations(page);
    expect(violations.filter((v) => v.startsWith('script-src')).length, violations.join('\n')).toBeGreaterThanOrEqual(3);
  });
});

test.describe('hostile content is rendered as text', () => {
  // With the CSP bypassed, so that these tests prove the rendering itself is inert (the CSP is a second wall).
  test.use({ bypassCSP: true });

  /** Live mode against a same-origin URL that Playwright answers with `reply()`. */
  async function hostile(page, reply) {
    await page.route(`${ORIGIN}/hostile-token`, (route) => route.fulfill(reply()));
    const app = new Playground(page);
    await app.openLive({ tokenUrl: `${ORIGIN}/hostile-token` });
    return app;
  }

  test('an error response: error_description, error_uri, JSON keys and values, header values', async ({ page }) => {
    let errorUri = `javascript:window.__pwned=1//${IMG}`;
    const app = await hostile(page, () => ({
      status: 400,
      headers: { 'Content-Type': 'application/json', 'X-Hostile': IMG, 'Cache-Control': SCRIPT },
      body: JSON.stringify({
        error: `invalid_request${IMG}`,
        error_description: `${IMG} ${SCRIPT}`,
        error_uri: errorUri,
        [IMG]: SCRIPT,
        [SCRIPT]: { [IMG]: [SCRIPT, IMG] },
      }),
    }));
    await app.sendAndExpectStatus('400');
    // Shown as text: in the error notice and in the raw response.
    await expect(page.locator('.quote')).toHaveText(`${IMG} ${SCRIPT}`);
    await expect(page.getByText(errorUri).first()).toBeVisible();
    await expect(app.rawResponse).toContainText(`X-Hostile: ${IMG}`, { ignoreCase: true });
    await expect(app.rawResponse).toContainText(`"${SCRIPT}"`);
    await expectInert(page);

    // An http(s) error_uri becomes a link whose text is still text.
    errorUri = `https://docs.example/${IMG}`;
    await app.sendAttempt(2);
    await expect(page.getByRole('link', { name: errorUri })).toBeVisible();
    await expectInert(page);
    // Chromium logs every 4xx as "Failed to load resource"; anything else is a fault.
    expect(app.errors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([]);
  });

  test('a token response with a hostile JWT access token, then a hostile WWW-Authenticate challenge from the API', async ({ page }) => {
    const jwt = hostileJwt();
    const app = await hostile(page, () => ({
      status: 200,
      headers: { 'Content-Type': 'application/json', 'X-Hostile': SCRIPT },
      body: JSON.stringify({
        access_token: jwt,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: `orders:read ${SCRIPT}`,
        [IMG]: SCRIPT,
        nested: { [SCRIPT]: IMG },
      }),
    }));
    await page.route(`${ORIGIN}/hostile-api`, (route) =>
      route.fulfill({
        status: 401,
        headers: {
          'Content-Type': 'application/json',
          'WWW-Authenticate': `Bearer realm="${IMG_UNQUOTED}", error="invalid_token", error_description="${IMG_UNQUOTED} <script>window.__pwned=1</script>"`,
          'X-Hostile': IMG,
        },
        body: JSON.stringify({ error: 'invalid_token', error_description: IMG, [SCRIPT]: IMG }),
      }),
    );
    await app.sendAndExpectStatus('200');
    await expect(app.rawResponse).toContainText(`X-Hostile: ${SCRIPT}`, { ignoreCase: true });
    // The JWT inspector shows the hostile claims as text.
    const claims = app.jwtClaims;
    await expect(claims).toContainText(IMG);
    await expect(claims).toContainText(SCRIPT);
    await expect(app.jwtHeader).toContainText(IMG);
    await expectInert(page);

    await app.callApi(`${ORIGIN}/hostile-api`);
    const api = app.apiResponse;
    await expect(api).toContainText('HTTP/1.1 401');
    await expect(api).toContainText(`realm="${IMG_UNQUOTED}"`);
    await expect(page.getByText(IMG_UNQUOTED).filter({ visible: true }).first()).toBeVisible();
    await expectInert(page);
    expect(app.errors.filter((e) => !/Failed to load resource: the server responded with a status of 401/.test(e))).toEqual([]);
  });
});

test.describe('secret hygiene', () => {
  test('secret fields do not autofill and are masked by default', async ({ page }) => {
    const app = new Playground(page);
    await app.open();
    await expect(app.clientSecret).toHaveAttribute('type', 'password');
    expect(['off', 'new-password']).toContain(await app.clientSecret.getAttribute('autocomplete'));
    await app.chooseAuthMethod('private_key_jwt');
    const key = app.privateKey;
    expect(['off', 'new-password']).toContain(await key.getAttribute('autocomplete'));
    await key.fill('{"kty":"EC","d":"visible?"}');
    const masking = await key.evaluate((el) => getComputedStyle(el).getPropertyValue('-webkit-text-security'));
    expect(masking).not.toBe('none');
    expect(masking).not.toBe('');
  });

  test('after compose, simulated and live sends, renewal and a reload, no secret is in storage, the URL or the console', async ({ page }) => {
    const console_ = [];
    page.on('console', (m) => console_.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => console_.push(`pageerror: ${e.message}\n${e.stack}`));

    const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    const SECRET = `hygiene-secret-${unique}`;
    const liveTokens = [];
    await page.route(`${ORIGIN}/hygiene-token`, (route) => {
      const token = `live-token-${unique}-${liveTokens.length + 1}`;
      liveTokens.push(token);
      return route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
        body: JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 600 }),
      });
    });

    const app = new Playground(page);
    await app.open();
    const clientId = await app.clientId.inputValue();

    // Simulated, with the example credentials: a real simulated token.
    await app.sendAndWaitForToken();
    await app.reveal.check();
    const simToken = ((await app.rawResponse.textContent()) ?? '').match(/"access_token":\s*"([^"]+)"/)?.[1];
    expect(simToken, 'the simulated access token, revealed').toBeTruthy();
    await app.reveal.uncheck();

    // Compose with a unique secret: masked in the raw request.
    await app.clientSecret.fill(SECRET);
    await expect(app.rawRequest).toContainText('Authorization: Basic ••••••••');
    await expect(app.rawRequest).not.toContainText(SECRET);
    await app.sendAttempt(2);

    // A generated private key.
    await app.chooseAuthMethod('private_key_jwt');
    await app.generateDemoKey();
    const key = app.privateKey;
    await expect(key).toHaveValue(/"d":"/);
    const d = JSON.parse(await key.inputValue()).d;
    expect(d.length).toBeGreaterThan(20);
    await app.sendAttempt(3);
    await app.chooseAuthMethod('client_secret_basic');

    // Live (routed), then renew.
    await app.switchToLive();
    await app.tokenUrl.fill(`${ORIGIN}/hygiene-token`);
    await app.send.click();
    await expect(app.timer).toBeVisible();
    await page.getByRole('button', { name: 'Renew now' }).click();
    await expect.poll(() => liveTokens.length).toBe(2);
    await expect(app.attempt(5)).toBeVisible();

    const secrets = {
      'client secret': SECRET,
      'client secret (form-encoded)': encodeURIComponent(SECRET),
      'Basic credentials': Buffer.from(`${clientId}:${SECRET}`).toString('base64'),
      "private key's d": d,
      'simulated access token': simToken,
      'live access token 1': liveTokens[0],
      'live access token 2': liveTokens[1],
    };

    async function expectNoSecrets(when) {
      const storage = await page.evaluate(() => {
        const dump = (s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
        return { local: dump(localStorage), session: dump(sessionStorage) };
      });
      const places = {
        localStorage: storage.local.join('\n'),
        sessionStorage: storage.session.join('\n'),
        url: page.url(),
        console: console_.join('\n'),
      };
      for (const [what, value] of Object.entries(secrets)) {
        for (const [where, text] of Object.entries(places)) {
          expect(text.includes(value), `${when}: the ${what} is in ${where}`).toBe(false);
        }
      }
      return storage;
    }

    const before = await expectNoSecrets('before reload');
    // The configuration is saved (so the check above looked at something).
    expect(before.local.join('\n')).toContain(clientId);

    await page.reload();
    await expect(app.send).toBeEnabled();
    await expect(app.clientSecret).not.toHaveValue(SECRET);
    await expect(app.privateKey).not.toHaveValue(/"d":"/);
    await expectNoSecrets('after reload');
  });
});

/**
 * Opens a host page at `url` (a real response from the test server, a 404, so Chromium treats
 * it as a local page allowed to frame the local playground), then replaces its content.
 */
async function openHostPage(page, url, html) {
  await page.goto(url);
  await page.setContent(`<!DOCTYPE html><html><body>${html}</body></html>`);
}

/**
 * A host page on the playground's own origin wraps its own `postMessage`: the framed app calls
 * it as `parent.postMessage(message, targetOrigin)`, so every call and its targetOrigin is
 * recorded in `window.calls`, whether or not the browser would deliver it.
 */
const RECORD_CALLS = `<script>
  window.calls = [];
  const post = window.postMessage.bind(window);
  window.postMessage = function (message, target, ...rest) {
    const targetOrigin = typeof target === 'string' ? target : target && target.targetOrigin;
    window.calls.push({ targetOrigin, message: JSON.parse(JSON.stringify(message)) });
    return post(message, target, ...rest);
  };
</script>`;

const frameOf = (src) =>
  `<iframe id="pg" src="${src}" title="OAuth playground" width="1000" height="700"
     sandbox="allow-scripts allow-same-origin allow-forms allow-popups"></iframe>`;

test.describe('embedding and links (issue 14)', () => {
  test('an embedding page gets no access token until the user confirms in the page, then only at that origin; nothing goes to "*"', async ({ page, baseURL }) => {
    const host = new URL(baseURL).origin;
    const other = 'https://docs.other.example';
    const src = `${baseURL}/?embed=1&origin=${encodeURIComponent(host)}&origin=${encodeURIComponent(other)}`;
    await openHostPage(page, `${host}/host/docs.html`, `${RECORD_CALLS}${frameOf(src)}`);
    const framed = new Playground(page, page.frameLocator('#pg'));
    await expect(framed.send).toBeEnabled();
    const calls = () => page.evaluate(() => window.calls);
    const issued = async () => (await calls()).filter((c) => c.message.type === 'token-issued');

    // The page asks, per allowed origin; both boxes start unticked.
    const toHost = framed.consentFor(host);
    const toOther = framed.consentFor(other);
    await expect(toHost).not.toBeChecked();
    await expect(toOther).not.toBeChecked();

    // Unconfirmed: the events arrive, the token does not.
    await framed.sendAndWaitForToken();
    await expect.poll(async () => (await issued()).length).toBe(2); // one per allowed origin
    // An error event too.
    await framed.clientSecret.fill('wrong-secret');
    await framed.send.click();
    await expect.poll(async () => (await calls()).filter((c) => c.message.type === 'error').length).toBe(2);
    for (const c of await calls()) {
      expect(c.message.access_token, JSON.stringify(c)).toBeUndefined();
      expect(JSON.stringify(c.message)).not.toContain('wrong-secret');
    }

    // The user confirms for the host only: the next token goes to the host, and only there.
    await framed.clientSecret.fill('my_secret_456');
    await toHost.check();
    await framed.send.click();
    await expect.poll(async () => (await issued()).filter((c) => c.message.access_token).length).toBe(1);
    const withToken = (await issued()).filter((c) => c.message.access_token);
    expect(withToken[0].targetOrigin).toBe(host);
    expect(withToken[0].message.token_type).toBe('Bearer');
    expect((await issued()).filter((c) => c.targetOrigin === other && c.message.access_token)).toEqual([]);

    // Unticked again: no more tokens.
    await toHost.uncheck();
    await framed.send.click();
    await expect.poll(async () => (await issued()).length).toBe(6);
    expect((await issued()).filter((c) => c.message.access_token).length).toBe(1);

    const all = await calls();
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.filter((c) => c.targetOrigin !== host && c.targetOrigin !== other), 'a message went to another target').toEqual([]);
  });

  test('embedded without origin= the playground posts nothing at all, and asks nothing', async ({ page, baseURL }) => {
    const host = new URL(baseURL).origin;
    await openHostPage(page, `${host}/host/plain.html`, `${RECORD_CALLS}
      <script>window.received = []; addEventListener('message', (e) => window.received.push(e.data));</script>
      ${frameOf(`${baseURL}/?embed=1`)}`);
    const frame = page.frameLocator('#pg');
    const framed = new Playground(page, frame);
    await expect(framed.send).toBeEnabled();
    await framed.sendAndWaitForToken();
    await framed.clientSecret.fill('wrong-secret');
    await framed.sendAndExpectStatus('401');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.calls)).toEqual([]);
    expect(await page.evaluate(() => window.received)).toEqual([]);
    await expect(frame.getByRole('checkbox', { name: /^Send the token to/ })).toHaveCount(0);
  });

  test('a link with another token URL does not get the secret remembered in this tab', async ({ page }) => {
    const SECRET = `remembered-${Date.now().toString(36)}`;
    const TOKEN_URL = 'https://authorization-server.example/oauth2/token';
    const app = new Playground(page);
    await app.open();
    await app.fill({ tokenUrl: TOKEN_URL, clientId: 'docs_client', clientSecret: SECRET });
    await app.rememberCredential();
    const link = (url, id = 'docs_client') => `/?${new URLSearchParams({ token_url: url, client_id: id })}`;

    // The same configuration from a link: the secret comes back (it is what "remember" is for).
    await page.goto(link(TOKEN_URL));
    await expect(app.send).toBeEnabled();
    await expect(app.clientSecret).toHaveValue(SECRET);

    // Another token URL, same client ID: not filled in, and the page says why.
    await page.goto(link('https://attacker.example/oauth2/token'));
    await expect(app.send).toBeEnabled();
    await expect(app.tokenUrl).toHaveValue('https://attacker.example/oauth2/token');
    await expect(app.clientSecret).toHaveValue('');
    const notices = app.notices;
    await expect(notices).toContainText('The client secret remembered in this tab was not filled in');
    await expect(notices).toContainText(TOKEN_URL);
    await expect(notices).not.toContainText(SECRET);
    // Nothing sends it there, and it is forgotten rather than kept for later.
    await expect(app.rawRequest).not.toContainText(Buffer.from(`docs_client:${SECRET}`).toString('base64'));
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))).not.toContain(SECRET);

    // The right Token URL and Client ID, but issuer= runs discovery, which may replace the Token
    // URL: not filled in unless the secret was remembered with that issuer.
    await app.fill({ tokenUrl: TOKEN_URL, clientSecret: SECRET });
    await app.rememberCredential();
    await page.goto(`${link(TOKEN_URL)}&issuer=${encodeURIComponent('https://attacker.example')}`);
    await expect(app.send).toBeEnabled();
    await expect(app.clientSecret).toHaveValue('');
    await expect(app.notices).toContainText('runs discovery for the issuer https://attacker.example');

    // The same token URL with another client ID: not filled in either.
    await app.fill({ clientId: 'docs_client', clientSecret: SECRET });
    await app.tokenUrl.fill(TOKEN_URL);
    await app.rememberCredential();
    await page.goto(link(TOKEN_URL, 'other_client'));
    await expect(app.send).toBeEnabled();
    await expect(app.clientSecret).toHaveValue('');
    await expect(app.notices).toContainText('Client ID docs_client');
  });

  test('a client_secret in the Token URL query is kept out of storage and share links, and listed as left out', async ({ page }) => {
    const SECRET = `in-url-${Date.now().toString(36)}`;
    const app = new Playground(page);
    await app.open();
    await app.tokenUrl.fill(`https://as.example/oauth2/token?tenant=acme&client_secret=${SECRET}&access_token=${SECRET}x`);
    await app.openSharePanel();
    const link = await app.shareLink.inputValue();
    expect(link).not.toContain(SECRET);
    expect(new URL(link).searchParams.get('token_url')).toBe('https://as.example/oauth2/token?tenant=acme');
    expect(await app.embedCode.inputValue()).not.toContain(SECRET);
    const leftOut = app.leftOut;
    await expect(leftOut).toContainText('Token URL query parameter "client_secret"');
    await expect(leftOut).toContainText('Token URL query parameter "access_token"');
    await expect(leftOut).not.toContainText(SECRET);

    // The saved configuration is the same query: it has the Token URL without its secrets.
    const stored = () => page.evaluate(() => JSON.stringify({ ...localStorage }));
    await expect.poll(stored).toContain('tenant%3Dacme');
    expect(await stored()).not.toContain(SECRET);
    await page.reload();
    await expect(app.tokenUrl).toHaveValue('https://as.example/oauth2/token?tenant=acme');
    expect(await stored()).not.toContain(SECRET);
  });
});
