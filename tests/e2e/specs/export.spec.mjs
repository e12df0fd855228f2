// Code export, end to end: the curl, Python (requests) and Node snippets the page shows are run
// against a local capture server, and what arrives — method, target, header fields and body
// bytes — must be what the raw view shows (RFC 6749 §4.4.2; issue 3, "Code export").
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Playground } from './pages/playground.mjs';
import { startCaptureServer } from '../tools/capture-server.mjs';

// Values that break naive quoting (shell, Python, JavaScript) or encoding (RFC 6749 App. B).
const SECRET = `it's "quoted" $HOME \\ é $(id) \`id\` p@ss w/rd+&:%=~*`;
const CLIENT_ID = `client's "id" $USER`;
const SCOPE = `orders:read it's$x`;

// (Not token.py: that name would shadow Python's own `token` module.)
const RUNNERS = {
  curl: { file: 'token_request.sh', program: 'sh' },
  python: { file: 'token_request.py', program: 'python3' },
  node: { file: 'token_request.mjs', program: 'node' },
};

/** Runs a program without blocking the event loop (the capture server lives in this process). */
function run(program, args, env) {
  return new Promise((resolve) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The raw view's text as method, target, header fields and body. */
function parseRaw(text) {
  const at = text.indexOf('\n\n');
  expect(at, `no blank line in the raw view:\n${text}`).toBeGreaterThan(0);
  const [requestLine, ...lines] = text.slice(0, at).split('\n');
  const [method, target, version] = requestLine.split(' ');
  expect(version).toBe('HTTP/1.1');
  const headers = lines.map((line) => {
    const colon = line.indexOf(': ');
    return [line.slice(0, colon), line.slice(colon + 2)];
  });
  return { method, target, headers, body: Buffer.from(text.slice(at + 2), 'utf8') };
}

/** The values of a captured header field, by case-insensitive name (RFC 9110 §5.1). */
const valuesOf = (captured, name) =>
  captured.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);

let server;
let dir;

test.beforeAll(async () => {
  server = await startCaptureServer();
  dir = await mkdtemp(join(tmpdir(), 'cc-export-'));
});

test.afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Fills the form so that the request goes to the capture server, with hostile values. */
async function compose(app, auth) {
  await app.fill({ tokenUrl: `${server.url}/oauth2/token?tenant=a%20b`, method: auth, clientId: CLIENT_ID, clientSecret: SECRET, scope: SCOPE });
  await app.reveal.check();
  await expect(app.rawRequest).toContainText(`Host: 127.0.0.1:${server.port}`);
}

for (const language of Object.keys(RUNNERS)) {
  test(`the ${language} snippet sends the raw view's request`, async ({ page }) => {
    const app = new Playground(page);
    const snippetView = app.codeSnippet;
    await app.open();
    await app.language.selectOption(language);

    for (const auth of ['client_secret_basic', 'client_secret_post']) {
      await compose(app, auth);
      const raw = parseRaw(await app.rawRequestText());

      for (const secrets of ['Environment variables', 'Inline']) {
        await page.getByLabel(secrets, { exact: true }).check();
        const envStyle = secrets === 'Environment variables';
        await expect(page.getByText('The snippet contains the secret in clear')).toBeVisible({
          visible: !envStyle,
        });
        await expect(snippetView).toContainText(envStyle ? 'CLIENT_SECRET' : 'WARNING');
        const snippet = (await snippetView.textContent()) ?? '';
        const where = `${language}, ${auth}, ${secrets}`;
        if (envStyle) {
          expect(snippet, `${where}: the secret is in the snippet`).not.toContain(SECRET);
        }

        const { file, program } = RUNNERS[language];
        const path = join(dir, file);
        await writeFile(path, snippet);
        const env = { ...process.env };
        delete env.CLIENT_SECRET;
        if (envStyle) env.CLIENT_SECRET = SECRET;
        const before = server.requests.length;
        const result = await run(program, [path], env);
        expect(result.code, `${where} failed:\n${result.stderr}\n--- snippet:\n${snippet}`).toBe(0);
        expect(server.requests.length, `${where}: requests received`).toBe(before + 1);
        const got = server.requests[before];

        expect(got.method, where).toBe(raw.method);
        expect(got.target, where).toBe(raw.target);
        for (const [name, value] of raw.headers) {
          // Host and Content-Length are the tool's; they must still be the raw view's values.
          expect(valuesOf(got, name), `${where}: header ${name}`).toEqual([value]);
        }
        expect(got.body.toString('utf8'), `${where}: body`).toBe(raw.body.toString('utf8'));
        expect(got.body.equals(raw.body), `${where}: body bytes`).toBe(true);
      }
    }
    app.expectNoPageErrors();
  });
}

test('the export panel explains itself and copies the snippet', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new Playground(page);
  await app.open();
  const snippetView = app.codeSnippet;

  // Default: curl, secrets from environment variables, which the panel names.
  await expect(app.language).toHaveValue('curl');
  await expect(page.getByLabel('Environment variables', { exact: true })).toBeChecked();
  await expect(page.getByText(/^Set CLIENT_SECRET \(the client secret\) in the environment/)).toBeVisible();
  // The example's secret needs no encoding: curl's own --user (issue 16), no encoder functions.
  await expect(snippetView).toContainText('--user "my_client_id_123:$CLIENT_SECRET"');
  await expect(snippetView).not.toContainText('my_secret_456');

  // Every language renders something that names the token URL.
  for (const option of await app.language.locator('option').all()) {
    const value = await option.getAttribute('value');
    await app.language.selectOption(value);
    await expect(snippetView, value).toContainText('https://authorization-server.example/oauth2/token');
  }

  // Copy puts the exact snippet on the clipboard.
  await app.language.selectOption('python');
  const shown = (await snippetView.textContent()) ?? '';
  const panel = page.getByRole('region', { name: 'Code export' });
  await panel.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(panel.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);

  // An invalid form has nothing to export.
  await app.tokenUrl.fill('/relative');
  await expect(page.getByText('Fix the form errors to export the request.')).toBeVisible();
  await expect(snippetView).toBeHidden();
  app.expectNoPageErrors();
});
