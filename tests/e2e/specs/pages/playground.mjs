// Page object for the playground: finds everything by label and role, as a person would.
import { expect } from '@playwright/test';

export class Playground {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.errors = [];
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
    this.tokenUrl = page.getByLabel('Token URL');
    this.clientId = page.getByLabel('Client ID');
    this.clientSecret = page.getByLabel('Client secret', { exact: true });
    this.clientAuth = page.getByLabel('Client authentication');
    this.scope = page.getByLabel('Scope', { exact: true });
    this.send = page.getByRole('button', { name: /^Send/ });
    this.rawRequest = page.getByLabel('Raw HTTP request');
    this.rawResponse = page.getByLabel('Raw HTTP response');
    this.timer = page.getByRole('timer');
    this.reveal = page.getByLabel('Reveal secrets');
    // Panels, to scope texts that also appear elsewhere (e.g. in the token history).
    this.requestPanel = page.locator('.panel--request');
    this.responsePanel = page.locator('.panel--response');
  }

  async open(query = '') {
    await this.page.goto(`/${query}`);
    await expect(this.send).toBeEnabled();
    await expect(this.rawRequest).toContainText('POST ');
  }

  async rawRequestText() {
    return (await this.rawRequest.textContent()) ?? '';
  }

  /** Seconds left shown by the countdown ("Expires in 59:58" → 3598). */
  async secondsLeft() {
    const text = (await this.timer.textContent()) ?? '';
    const m = text.match(/Expires in (?:(\d+):)?(\d+):(\d\d)/);
    if (!m) throw new Error(`countdown text not understood: ${text}`);
    return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  }

  expectNoPageErrors() {
    expect(this.errors, this.errors.join('\n')).toEqual([]);
  }
}
