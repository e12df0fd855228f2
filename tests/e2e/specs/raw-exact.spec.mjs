// The raw view is byte-exact (issue 14 #8): what the page shows in "Raw HTTP request" is what
// the browser's fetch puts on the wire. Each token URL below is sent live from the page to a
// local capture server, and the request target that arrives is compared with the raw view's
// request line (and with the target the WHATWG URL Standard prescribes: dot segments removed
// per RFC 3986 §5.2.4, `%2e` counted as a dot, `\` as `/`, the path and special-query
// percent-encode sets). Forbidden request-headers (Fetch standard §2.2.2) are not in the raw
// request, are listed as not sent, and do not arrive.
import { test, expect } from '@playwright/test';
import { startCaptureServer } from '../tools/capture-server.mjs';
import { Playground } from './pages/playground.mjs';

/** @type {Awaited<ReturnType<typeof startCaptureServer>>} */
let server;

test.beforeAll(async () => {
  server = await startCaptureServer();
});

test.afterAll(async () => {
  await server?.close();
});

/** Opens the playground in live mode with client_secret_post (no CORS preflight needed). */
async function openLive(page) {
  const app = new Playground(page);
  await app.openLive({ method: 'client_secret_post' });
  return app;
}

/** The request target of the raw view's request line. */
async function rawTarget(app) {
  const first = (await app.rawRequestText()).split('\n')[0];
  const m = first.match(/^POST (\S+) HTTP\/1\.1$/);
  if (!m) throw new Error(`request line not understood: ${first}`);
  return m[1];
}

/** Sends and returns the request the capture server received. */
async function sendAndCapture(app) {
  const before = server.requests.length;
  await app.send.click();
  await expect.poll(() => server.requests.length, { timeout: 10_000 }).toBe(before + 1);
  await app.expectStatus('200 OK');
  return server.requests[before];
}

// [what is typed after the origin, the target the browser sends]
const CASES = [
  ['/a/../b', '/b'],
  ['/a/./b', '/a/b'],
  ['/%2e%2e/x', '/x'],
  ['/a/%2E/b', '/a/b'],
  ['/a/.%2e/b', '/b'],
  ['/a/..', '/'],
  ['/a/.', '/a/'],
  ['/a\\b/../c', '/a/c'],
  ["/t?q='x'", '/t?q=%27x%27'],
  ['/t?q=a b', '/t?q=a%20b'],
  ['/t?q="<>', '/t?q=%22%3C%3E'],
  ['/ä/ü?é', '/%C3%A4/%C3%BC?%C3%A9'],
  ['/日本/🔑', '/%E6%97%A5%E6%9C%AC/%F0%9F%94%91'],
  ['/p`{}^|?a=`{}^|', '/p%60%7B%7D%5E%7C?a=`{}^|'],
  ['/%41%7e%2D/a%2eb/%zz/%2f', '/%41%7e%2D/a%2eb/%zz/%2f'],
  ["/p'!$&()*+,;=:@[]/", "/p'!$&()*+,;=:@[]/"],
  ['\\t/x', '/t/x'],
  ['/a b/./t?x=..\\', '/a%20b/t?x=..\\'],
];

test('the raw view shows the request target the browser sends, for URLs it normalises', async ({ page }) => {
  // Sixteen live round trips: 12–37 s on a loaded 2-core machine, so more than the default 30 s.
  test.setTimeout(90_000);
  const app = await openLive(page);
  for (const [typed, expected] of CASES) {
    await app.tokenUrl.fill(`${server.url}${typed}`);
    await expect(app.rawRequest).toContainText(`Host: 127.0.0.1:${server.port}`);
    const shown = await rawTarget(app);
    const got = await sendAndCapture(app);
    expect(got.method, typed).toBe('POST');
    expect(got.target, `${typed}: sent vs the raw view`).toBe(shown);
    expect(shown, `${typed}: the WHATWG URL Standard`).toBe(expected);
  }
  app.expectNoPageErrors();
});

test('forbidden request-headers are listed as not sent, and are not sent', async ({ page }) => {
  const app = await openLive(page);
  await app.tokenUrl.fill(`${server.url}/token`);
  await app.openMoreParameters();
  const forbidden = ['Cookie', 'Sec-Playground', 'Proxy-Playground', 'Keep-Alive'];
  for (const name of forbidden) await app.addHeader(name, 'v');
  const unsent = page.getByRole('list', { name: 'Headers not sent by the browser' });
  for (const name of forbidden) {
    await expect(unsent).toContainText(`${name}: v`);
    await expect(app.rawRequest).not.toContainText(`${name}:`);
  }
  await expect(page.getByText(/The browser will not send Cookie, Sec-Playground, Proxy-Playground, Keep-Alive/)).toBeVisible();
  const raw = await app.rawRequestText();
  const got = await sendAndCapture(app);
  const names = got.headers.map(([n]) => n.toLowerCase());
  for (const name of forbidden) {
    expect(names, `${name} arrived`).not.toContain(name.toLowerCase());
  }
  // Every header the raw view shows arrives with the value shown.
  for (const line of raw.split('\n\n')[0].split('\n').slice(1)) {
    const [name, ...rest] = line.split(': ');
    const values = got.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
    expect(values, `header ${name}`).toEqual([rest.join(': ')]);
  }
  app.expectNoPageErrors();
});
