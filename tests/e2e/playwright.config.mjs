// Playwright end-to-end tests against the release build in dist/ (`trunk build --release`).
// Run everything with `cargo xtask test` (step 9), or just these with:
//   cd tests/e2e && npx playwright test
// The browser is the system Chromium (Debian's /usr/bin/chromium); Playwright's own browser
// downloads are never used (`npx playwright install` is not needed and must not be run).
import { defineConfig } from '@playwright/test';

const PORT = 4173;
const BASE_URL = `http://127.0.0.1:${PORT}`;
// oidc-provider instances (tools/oidc-server.mjs); specs read these from process.env.
const OIDC_PORT = 4180;
const OIDC_REFUSING_PORT = 4181;
const OIDC_DPOP_NONCE_PORT = 4182;
process.env.OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
process.env.OIDC_REFUSING_ISSUER = `http://127.0.0.1:${OIDC_REFUSING_PORT}`;
process.env.OIDC_DPOP_NONCE_ISSUER = `http://127.0.0.1:${OIDC_DPOP_NONCE_PORT}`;

export default defineConfig({
  testDir: './specs',
  testMatch: '**/*.spec.mjs',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  retries: 0,
  // A 2-core machine: one worker keeps timings stable.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // `cargo xtask test` adds a JSON reporter (--reporter=list,json) to read the counts.
  reporter: 'list',
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: `node serve.mjs ../../dist ${PORT}`,
      url: `${BASE_URL}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // A real authorization server (panva's oidc-provider) that lets the playground's origin in…
    {
      command: `node tools/oidc-server.mjs ${OIDC_PORT} ${BASE_URL}`,
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    // …and one that refuses every origin (CORS diagnosis).
    {
      command: `node tools/oidc-server.mjs ${OIDC_REFUSING_PORT} none`,
      url: `http://127.0.0.1:${OIDC_REFUSING_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    // …and one that demands a server nonce in every DPoP proof (RFC 9449 §8, `requireNonce`).
    {
      command: `node tools/oidc-server.mjs ${OIDC_DPOP_NONCE_PORT} ${BASE_URL} dpop-nonce`,
      url: `http://127.0.0.1:${OIDC_DPOP_NONCE_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'ignore',
    },
  ],
});
