// Page object for the playground: finds everything by label and role, as a person would, and
// names the actions a person takes (open a panel, fill the form, send, switch to live). Specs
// use these instead of raw locators, so that a label is spelled in one place; the labels and
// roles used here are the app's public contract (accessibility and the README).
import { expect } from '@playwright/test';

export class Playground {
  /**
   * @param {import('@playwright/test').Page} page
   * @param {import('@playwright/test').Page | import('@playwright/test').FrameLocator} [root]
   *   where the app is: the page itself, or the frame of a host page that embeds it.
   */
  constructor(page, root = page) {
    this.page = page;
    this.root = root;
    this.errors = [];
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
    // The token request form.
    this.tokenUrl = root.getByLabel('Token URL');
    this.clientId = root.getByLabel('Client ID');
    this.clientSecret = root.getByLabel('Client secret', { exact: true });
    this.clientAuth = root.getByLabel('Client authentication');
    this.scope = root.getByLabel('Scope', { exact: true });
    this.privateKey = root.getByLabel('Private key', { exact: true });
    // DPoP (RFC 9449).
    this.dpop = root.getByLabel('Use DPoP (RFC 9449)');
    this.dpopKey = root.getByLabel('DPoP private key (JWK)');
    this.dpopThumbprint = root.getByTestId('dpop-thumbprint');
    this.dpopProof = root.getByRole('region', { name: 'Decoded DPoP proof', exact: true });
    this.dpopNonceRound = root.locator('.column').getByTestId('dpop-nonce-round').first();
    this.issuer = root.getByLabel('Issuer', { exact: true });
    this.timeout = root.getByLabel('Timeout (s)');
    // Live mode's relay (cc-relay).
    this.relayUrl = root.getByLabel('Relay URL');
    this.keepOrigin = root.getByLabel('Keep Origin (SPA client)');
    this.extraHeaderName = root.getByLabel('Extra headers: name');
    this.extraHeaderValue = root.getByLabel('Extra headers: value');
    this.send = root.getByRole('button', { name: /^Send/ });
    // What was sent and what came back.
    this.rawRequest = root.getByLabel('Raw HTTP request');
    this.rawResponse = root.getByLabel('Raw HTTP response');
    this.timer = root.getByRole('timer');
    this.reveal = root.getByLabel('Reveal secrets');
    this.curl = root.getByLabel('curl equivalent');
    this.jwtHeader = root.getByLabel('JWT header');
    this.jwtClaims = root.getByLabel('JWT claims');
    this.notices = root.getByRole('region', { name: 'Notices' });
    this.jwksUrl = root.getByLabel('JWKS URL');
    this.tokenChecks = root.getByLabel('Token checks');
    this.signature = root.locator('.signature');
    this.discoveredMetadata = root.getByLabel('Discovered metadata');
    this.exampleUrlNotice = root.getByRole('status').filter({ hasText: 'still the example' });
    this.language = root.getByLabel('Language', { exact: true });
    this.codeSnippet = root.getByLabel('Code snippet');
    // Simulated server settings and demo mode.
    this.tokenLifetime = root.getByLabel('Token lifetime (s)');
    this.presenterMode = root.getByLabel('Presenter mode');
    this.flowDiagram = root.getByRole('figure', { name: /Client credentials flow/ });
    this.flowSteps = root.getByRole('list', { name: 'Client credentials flow steps' });
    this.demoAnswer = root.getByRole('region', { name: 'Answer' });
    this.scenarioBanner = root.getByRole('status').filter({ hasText: /is changing the simulated server/ });
    this.showSecret = root.getByRole('button', { name: 'Show' });
    this.serverLog = root.getByRole('list', { name: 'Server log' });
    // Calling the API with the token.
    this.apiUrl = root.getByLabel('API URL');
    this.apiResponse = root.getByLabel('API response');
    // Share, embed, save.
    this.shareLink = root.getByLabel('Share link');
    this.embedCode = root.getByLabel('Embed in documentation (iframe)');
    this.frameTheme = root.getByLabel('Colours in the frame');
    this.frameStartsIn = root.getByLabel('Starts in');
    this.frameHeight = root.getByLabel('Frame height (px)');
    this.frameOrigins = root.getByLabel('Host page origins (origin=)');
    this.dismissAll = root.getByRole('button', { name: 'Dismiss all' });
    this.responseStatus = root.locator('.panel--response .response__meta');
    this.leftOut = root.getByRole('list', { name: 'Left out of the link' });
    this.remember = root.getByLabel(/Remember the credential in this tab/);
    // Panels, to scope texts that also appear elsewhere (e.g. in the token history).
    this.requestPanel = root.locator('.panel--request');
    this.responsePanel = root.locator('.panel--response');
  }

  async open(query = '') {
    await this.page.goto(`/${query}`);
    await this.expectReady();
  }

  /** The app has started: Send can be pressed and the raw request is rendered. */
  async expectReady() {
    await expect(this.send).toBeEnabled();
    await expect(this.rawRequest).toContainText('POST ');
  }

  // --- The form ------------------------------------------------------------------------------

  /** Chooses the "Client authentication" method, e.g. `client_secret_post`. */
  async chooseAuthMethod(method) {
    await this.clientAuth.selectOption(method);
  }

  /**
   * Fills the fields given, in the order a person would: Token URL, method, Client ID, Client
   * secret, Scope. Fields not given are left as they are.
   * @param {{tokenUrl?: string, method?: string, clientId?: string, clientSecret?: string, scope?: string}} fields
   */
  async fill({ tokenUrl, method, clientId, clientSecret, scope }) {
    if (tokenUrl !== undefined) await this.tokenUrl.fill(tokenUrl);
    if (method !== undefined) await this.chooseAuthMethod(method);
    if (clientId !== undefined) await this.clientId.fill(clientId);
    if (clientSecret !== undefined) await this.clientSecret.fill(clientSecret);
    if (scope !== undefined) await this.scope.fill(scope);
  }

  /** Switches to live mode (requests go to the Token URL); Send says so. */
  async switchToLive() {
    await this.root.getByRole('radio', { name: 'Live' }).check();
  }

  /** Opens the app in live mode with `fields` filled in (see `fill`). */
  async openLive(fields = {}) {
    await this.open();
    await this.switchToLive();
    await expect(this.send).toHaveText('Send to token URL');
    await this.fill(fields);
  }

  /** Live mode: types the "Relay URL" (live requests then go through that cc-relay). */
  async setRelay(url) {
    await this.relayUrl.fill(url);
  }

  /** The CORS doctor's "Retry through the relay". */
  retryThroughRelayButton() {
    return this.root.getByRole('button', { name: 'Retry through the relay' });
  }

  /** Ticks "Use DPoP (RFC 9449)" and waits for the page's key (its thumbprint shown). */
  async useDpop() {
    await this.dpop.check();
    await expect(this.dpopThumbprint).toHaveText(/^[A-Za-z0-9_-]{43}$/);
  }

  /** The DPoP proof in the raw request (the `DPoP:` header's value), once signed. */
  async rawDpopProof() {
    await expect(this.rawRequest).toContainText(/\nDPoP: ey/);
    const raw = await this.rawRequest.textContent();
    return raw.match(/\nDPoP: (\S+)/)[1];
  }

  /** Presses "Generate demo key" (private_key_jwt). */
  async generateDemoKey() {
    await this.root.getByRole('button', { name: 'Generate demo key' }).click();
  }

  /** More parameters → "Add header", and fills the new (last) row. */
  async addHeader(name, value) {
    await this.root.getByRole('button', { name: 'Add header' }).click();
    await this.extraHeaderName.last().fill(name);
    await this.extraHeaderValue.last().fill(value);
  }

  /** Types `issuer` and presses Discover (RFC 8414 metadata). */
  async discover(issuer) {
    if (issuer !== undefined) await this.issuer.fill(issuer);
    await this.root.getByRole('button', { name: 'Discover' }).click();
  }

  // --- Disclosures (each click toggles the <details>) ----------------------------------------

  async openMoreParameters() {
    await this.root.getByText('More parameters').click();
  }

  /** More parameters → Teaching mode, with teaching mode enabled. */
  async enableTeachingMode() {
    await this.openMoreParameters();
    await this.root.getByText('Teaching mode: make the classic mistakes on purpose').click();
    await this.root.getByLabel('Enable teaching mode').check();
  }

  async openSimulatorSettings() {
    await this.root.getByText('Simulated server settings').click();
  }

  async openSharePanel() {
    await this.root.getByText('Share, embed, save').click();
  }

  /** Share, embed, save → "Remember the credential in this tab". */
  async rememberCredential() {
    await this.openSharePanel();
    await this.remember.check();
  }

  async openDemo() {
    await this.root.getByText('Demo mode: flow diagram, scenarios, presenter').click();
  }

  /** Opens demo mode and turns presenter mode on. */
  async present() {
    await this.openDemo();
    await this.presenterMode.check();
    await expect(this.page.locator('html')).toHaveClass(/\bpresenter\b/);
  }

  /** Presses a guided scenario's button, e.g. `Server down / slow`. */
  async runScenario(title) {
    await this.root.getByRole('button', { name: title, exact: true }).click();
  }

  /** The explanation of the scenario in force (a status region starting with its title). */
  scenarioExplanation(title) {
    return this.root.getByRole('status').filter({ hasText: title }).filter({ has: this.root.locator('strong') });
  }

  /** One step of the flow diagram, by its title (e.g. `Server validates credentials`). */
  flowStep(title) {
    return this.flowSteps.getByRole('listitem').filter({ has: this.root.getByText(title, { exact: true }) });
  }

  /** The banner's "Restore server settings" (ends the scenario's server settings). */
  async restoreServerSettings() {
    await this.scenarioBanner.getByRole('button', { name: 'Restore server settings' }).click();
  }

  /** Whether `locator` lies wholly inside the window as it is now, without scrolling. */
  async inFirstScreen(locator) {
    const box = await locator.boundingBox();
    const size = this.page.viewportSize();
    const scrollY = await this.page.evaluate(() => window.scrollY);
    return !!box && scrollY === 0 && box.y >= 0 && box.x >= 0
      && box.y + box.height <= size.height && box.x + box.width <= size.width;
  }

  async openOpenApiImport() {
    await this.root.getByText('Import from OpenAPI').click();
  }

  // --- Sending -------------------------------------------------------------------------------

  /** The raw response shows `status`, e.g. `200 OK` or `401` (a prefix of the status line). */
  async expectStatus(status) {
    await expect(this.rawResponse).toContainText(`HTTP/1.1 ${status}`);
  }

  /** Presses Send and waits for the response whose status line starts with `status`. */
  async sendAndExpectStatus(status) {
    await this.send.click();
    await this.expectStatus(status);
  }

  /** Presses Send and waits for a 200 OK (the token response). */
  async sendAndWaitForToken() {
    await this.sendAndExpectStatus('200 OK');
  }

  /** The alert (an error message: field, send, discovery, API…) that contains `text`. */
  alert(text) {
    return this.root.getByRole('alert').filter({ hasText: text });
  }

  /** The response panel's "attempt #n ·" line. */
  attempt(n) {
    return this.root.getByText(new RegExp(`attempt #${n} ·`));
  }

  /** Presses Send and waits until the response of attempt `n` is shown. */
  async sendAttempt(n) {
    await this.send.click();
    await expect(this.attempt(n)).toBeVisible();
  }

  async rawRequestText() {
    return (await this.rawRequest.textContent()) ?? '';
  }

  async rawResponseText() {
    return (await this.rawResponse.textContent()) ?? '';
  }

  /** Seconds left shown by the countdown ("Expires in 59:58" → 3598). */
  async secondsLeft() {
    const text = (await this.timer.textContent()) ?? '';
    const m = text.match(/Expires in (?:(\d+):)?(\d+):(\d\d)/);
    if (!m) throw new Error(`countdown text not understood: ${text}`);
    return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  }

  /** The embedded app's "Send the token to <origin>" checkbox (the reader's consent). */
  consentFor(origin) {
    return this.root.getByRole('checkbox', { name: `Send the token to ${origin}` });
  }

  // --- Using the token -----------------------------------------------------------------------

  /** Fills "API URL" when given, and presses "Call API". */
  async callApi(url) {
    if (url !== undefined) await this.apiUrl.fill(url);
    await this.root.getByRole('button', { name: 'Call API' }).click();
  }

  /** Fills "JWKS URL" when given, and presses Verify (the access token's signature). */
  async verifyWithJwks(url) {
    if (url !== undefined) await this.jwksUrl.fill(url);
    await this.root.getByRole('button', { name: 'Verify' }).click();
  }

  // --- Embedded in a docs page ----------------------------------------------------------------

  /**
   * Opens a docs page of another origin on loopback (`hostUrl`, a real 404 of the test server so
   * Chromium treats it as local, whose content is then replaced) with the playground in an
   * iframe `#pg` of `width`×`height` at `src`, plus `extra` HTML (e.g. a host script). Every
   * cc-playground message the page receives is kept in `window.events`. Returns the framed app.
   */
  static async inDocsPage(page, src, { hostUrl = 'http://localhost:4173/docs/api.html', width = 800, height = 700, extra = '' } = {}) {
    await page.goto(hostUrl);
    await page.setContent(`<!DOCTYPE html><html lang="en"><head><title>Orders API</title></head><body style="margin:8px"><h1>Orders API</h1>
      <iframe id="pg" src="${src.replaceAll('"', '&quot;')}" title="OAuth playground" width="${width}" height="${height}"
        style="border:0" sandbox="allow-scripts allow-same-origin allow-forms allow-popups"></iframe>
      <script>
        window.events = [];
        addEventListener('message', (e) => { if (e.data && e.data.source === 'cc-playground') window.events.push({ origin: e.origin, data: e.data }); });
      </script>${extra}</body></html>`);
    const framed = new Playground(page, page.frameLocator('#pg'));
    await expect(framed.send).toBeEnabled();
    return framed;
  }

  /** Whether `locator` lies wholly inside the viewport of its own document (no scrolling needed). */
  async inViewport(locator) {
    return locator.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    });
  }

  /** Share, embed, save → "Locked in the frame": presses the toggle of each `lock=` name. */
  async toggleFrameLocks(...names) {
    for (const name of names) {
      await this.root.getByRole('group', { name: 'Locked in the frame (lock=)' }).getByRole('button', { name, exact: true }).click();
    }
  }

  /** The `src` of the snippet in the share panel. */
  async embedSrc() {
    const snippet = await this.embedCode.inputValue();
    return snippet.match(/src="([^"]*)"/)[1].replaceAll('&amp;', '&');
  }

  /** Presses "Dismiss all" in the notices. */
  async dismissAllNotices() {
    await this.dismissAll.click();
  }

  /** Code export → `language` (e.g. `curl`); returns the snippet's text. */
  async exportSnippet(language) {
    await this.language.selectOption(language);
    return (await this.codeSnippet.textContent()) ?? '';
  }

  /** The shown value of a JWT claim (`iat`, `exp`…), as its row in "JWT claims" reads. */
  claim(name) {
    return this.jwtClaims.locator('dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');
  }

  /** After a failed send: "Retry with the simulated server". */
  async retryWithSimulatedServer() {
    await this.root.getByRole('button', { name: 'Retry with the simulated server' }).click();
  }

  /** After a failed send: "Use the example client and retry" (simulated server). */
  async retryWithExampleClient() {
    await this.root.getByRole('button', { name: 'Use the example client and retry' }).click();
  }

  expectNoPageErrors() {
    expect(this.errors, this.errors.join('\n')).toEqual([]);
  }
}
