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
    this.privateKey = root.getByLabel('Private key');
    this.issuer = root.getByLabel('Issuer');
    this.timeout = root.getByLabel('Timeout (s)');
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
    this.serverLog = root.getByRole('list', { name: 'Server log' });
    // Calling the API with the token.
    this.apiUrl = root.getByLabel('API URL');
    this.apiResponse = root.getByLabel('API response');
    // Share, embed, save.
    this.shareLink = root.getByLabel('Share link');
    this.embedCode = root.getByLabel('Embed in documentation (iframe)');
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
