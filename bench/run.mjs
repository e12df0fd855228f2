#!/usr/bin/env node
// Side-by-side benchmark of the Client Credentials Playground (dist/) against the docs tools a
// docs author would embed instead (Swagger UI, RapiDoc, Redoc; versions pinned in this
// directory's package-lock.json), issue 8. Figures, not pass/fail: not part of `cargo xtask test`.
//
//   node bench/run.mjs [--runs N] [--keystrokes N] [--send-samples N] [--sends N] [--idle S]
//                      [--json FILE]
//
// Usually run as `cargo xtask bench [ARGS]`, which first builds dist/ and installs the peers.
// One headless Chromium (/usr/bin/chromium), one local static server (serve.mjs, 127.0.0.1,
// first free port of 4300–4320), each page loaded N times cold (a fresh browser context each
// time), the pages in alternation. Prints one plain-text table per section.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import process from 'node:process';
import { startServer } from './serve.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const PORTS = Array.from({ length: 21 }, (_, i) => 4300 + i);
const SEND_LABEL = 'Send to simulated server';

const USAGE = `usage: node bench/run.mjs [options]
  --runs N           cold loads of each page (default 7)
  --keystrokes N     keystrokes typed into Client ID (default 150)
  --send-samples N   timed sends (default 50)
  --sends N          sends for the memory section, checkpoints at 1 000 and N (default 10000)
  --idle S           seconds of idle measured for the countdown cost (default 30)
  --json FILE        also write every raw figure to FILE
  --help             this text`;

function parseArgs(argv) {
  const opts = { runs: 7, keystrokes: 150, sendSamples: 50, sends: 10_000, idle: 30, json: null };
  const numeric = { '--runs': 'runs', '--keystrokes': 'keystrokes', '--send-samples': 'sendSamples', '--sends': 'sends', '--idle': 'idle' };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!(flag in numeric) && flag !== '--json') throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    if (value === undefined) value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === '--json') opts.json = value;
    else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${value}`);
      opts[numeric[flag]] = n;
    }
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Statistics and tables

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function stats(values) {
  const s = values.filter((v) => v != null && Number.isFinite(v)).sort((a, b) => a - b);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    q1: quantile(s, 0.25),
    q3: quantile(s, 0.75),
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
  };
}

const fmt = (v, digits = 1) => (v == null || Number.isNaN(v) ? '—' : v.toFixed(digits));
const kib = (bytes) => (bytes == null ? '—' : `${(bytes / 1024).toFixed(1)}`);
const range = (st, digits = 1) => `${fmt(st.min, digits)}–${fmt(st.max, digits)}`;
const ratio = (a, b) => (a == null || b == null || !b ? '—' : `${(a / b).toFixed(2)}×`);

function table(title, headers, rows, notes = []) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const out = [`\n## ${title}`, line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of cells.slice(1)) out.push(line(r));
  for (const n of notes) out.push(n);
  console.log(out.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Pages and what "usable" means for each

const PAGES = [
  { id: 'app', name: 'cc-playground (ours)', path: '/app/' },
  // Ours as a docs page embeds it: a link with parameters, read by the `startup` chunk before the
  // first render (preloaded beside the main module). Not a peer: left out of the ours/peer ratios.
  {
    id: 'app-embed',
    kind: 'app',
    ours: true,
    name: 'cc-playground, embed link (ours)',
    path: '/app/?embed=1&client_id=docs_client&scope=orders:read&theme=light',
  },
  { id: 'swagger', name: 'Swagger UI', path: '/bench/pages/swagger-ui.html' },
  { id: 'rapidoc', name: 'RapiDoc', path: '/bench/pages/rapidoc.html' },
  { id: 'redoc', name: 'Redoc', path: '/bench/pages/redoc.html' },
];

/** The peers: every page but ours. */
const PEERS = PAGES.filter((p) => p.id !== 'app' && !p.ours);

/**
 * Installed before any page script. Records when the page becomes usable (a MutationObserver on
 * the document and on every shadow root, so the time is that of the DOM change itself), first
 * contentful paint and long tasks, and keeps the wasm exports trunk passes to its start event.
 */
function instrument({ kind, sendLabel }) {
  const B = (window.__bench = { usable: null, fcp: null, longtasks: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') B.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch {}
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__benchWasm = e.detail?.wasm;
  });
  const predicates = {
    // Ours: the Send button present and enabled.
    app: () =>
      [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === sendLabel && !b.disabled),
    // Swagger UI: the Authorize button (opens the client credentials dialog).
    swagger: () => !!document.querySelector('button.authorize'),
    // RapiDoc: the authentication section's row for the client credentials scheme (shadow DOM).
    rapidoc: () =>
      !!document.querySelector('rapi-doc')?.shadowRoot?.querySelector('#security-scheme-clientCredentials'),
    // Redoc: the security scheme section, with the token URL in it.
    redoc: () =>
      !!document.getElementById('section/Authentication/clientCredentials')?.parentElement?.textContent.includes(
        'auth.example.com/oauth/token',
      ),
  };
  const ready = predicates[kind];
  const options = { subtree: true, childList: true, attributes: true, characterData: true };
  const check = () => {
    if (B.usable === null && ready()) {
      B.usable = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, options);
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (...args) {
    const root = attachShadow.apply(this, args);
    if (B.usable === null) observer.observe(root, options);
    return root;
  };
}

async function newContext(browser, blocked) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Nothing leaves the machine: the peers' web fonts and logos are refused (and listed).
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => {
      blocked?.add(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return context;
}

const sizeCache = new Map();
function sizes(body) {
  const key = createHash('sha256').update(body).digest('hex');
  if (!sizeCache.has(key)) {
    sizeCache.set(key, {
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }).length,
    });
  }
  return sizeCache.get(key);
}

/** One cold load: fresh context, navigate, wait until usable, then 1 s more for late long tasks. */
async function coldLoad(browser, origin, pageDef, blocked) {
  const context = await newContext(browser, blocked);
  try {
    const page = await context.newPage();
    await page.addInitScript(instrument, { kind: pageDef.kind ?? pageDef.id, sendLabel: SEND_LABEL });
    const responses = [];
    page.on('response', (r) => {
      if (r.url().startsWith(origin)) responses.push(r);
    });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(origin + pageDef.path, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench?.usable != null, null, { timeout: 60_000, polling: 50 });
    await page.waitForTimeout(1000);
    const m = await page.evaluate(() => ({ ...window.__bench }));
    // When each resource was requested (Resource Timing): a file requested after the page was
    // usable (a lazily loaded chunk, a prefetch) is not part of what the user waited for.
    const started = new Map(
      await page.evaluate(() => performance.getEntriesByType('resource').map((e) => [e.name, e.startTime])),
    );
    const files = [];
    for (const r of responses) {
      const body = await r.body().catch(() => null);
      if (!body) continue;
      const before = r.request().resourceType() === 'document' || (started.get(r.url()) ?? Infinity) <= m.usable;
      files.push({ url: r.url().slice(origin.length), status: r.status(), before, ...sizes(body) });
    }
    const sum = (k, only = () => true) => files.filter(only).reduce((a, f) => a + f[k], 0);
    const lt = m.longtasks.filter(([start]) => start <= m.usable + 1000);
    const ltBefore = m.longtasks.filter(([start]) => start <= m.usable);
    return {
      usable: m.usable,
      fcp: m.fcp,
      longTasks: lt.length,
      longTaskMs: lt.reduce((a, [, d]) => a + d, 0),
      longestTaskMs: lt.reduce((a, [, d]) => Math.max(a, d), 0),
      longestTaskBeforeUsableMs: ltBefore.reduce((a, [, d]) => Math.max(a, d), 0),
      files,
      beforeUsableGzip: sum('gzip', (f) => f.before),
      beforeUsableFiles: files.filter((f) => f.before).length,
      raw: sum('raw'),
      gzip: sum('gzip'),
      brotli: sum('brotli'),
      errors,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Our app only

async function openApp(browser, origin) {
  const context = await newContext(browser, null);
  const page = await context.newPage();
  await page.addInitScript(instrument, { kind: 'app', sendLabel: SEND_LABEL });
  await page.goto(`${origin}/app/`);
  await page.waitForFunction(() => window.__bench?.usable != null, null, { timeout: 60_000, polling: 50 });
  await page.getByLabel('Raw HTTP request').filter({ hasText: 'POST ' }).waitFor();
  return { context, page };
}

/** Section 3: keystroke in Client ID → the raw request shows the new value. */
async function keystrokes(browser, origin, count) {
  const { context, page } = await openApp(browser, origin);
  try {
    // client_secret_post puts client_id in the body in clear (Basic credentials are masked).
    await page.getByLabel('Client authentication').selectOption('client_secret_post');
    const clientId = page.getByLabel('Client ID');
    await clientId.click();
    await page.keyboard.press('End');
    await page.evaluate(() => {
      const raw = document.querySelector('[aria-label="Raw HTTP request"]');
      const input = document.getElementById('client-id');
      const K = (window.__keys = { records: [], pending: null });
      const classify = (list, into) => {
        for (const r of list) {
          if (r.type === 'characterData') into.characterData++;
          else if (r.type === 'attributes') into.attributes++;
          else {
            into.added += r.addedNodes.length;
            into.removed += r.removedNodes.length;
          }
        }
      };
      const zero = () => ({ added: 0, removed: 0, characterData: 0, attributes: 0, records: 0 });
      // Everything in the document that changes for this keystroke, raw view and elsewhere.
      new MutationObserver((list) => {
        const cur = K.pending;
        if (!cur) return;
        const inRaw = list.filter((r) => raw.contains(r.target));
        const outside = list.filter((r) => !raw.contains(r.target));
        classify(inRaw, cur.raw);
        cur.raw.records += inRaw.length;
        classify(outside, cur.other);
        cur.other.records += outside.length;
        for (const r of outside) {
          const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
          const where = el?.closest('[aria-label],[id],section')?.getAttribute('aria-label') ?? el?.closest('[id]')?.id ?? el?.closest('section')?.className ?? '?';
          cur.where[where] = (cur.where[where] ?? 0) + 1;
        }
        if (cur.done == null && raw.textContent.includes(`client_id=${cur.value}`)) cur.done = performance.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      // Capture phase on window: runs before the app's (delegated) input handler.
      window.addEventListener(
        'input',
        (e) => {
          if (e.target !== input) return;
          K.pending = { start: performance.now(), eventStamp: e.timeStamp, value: input.value, done: null, raw: zero(), other: zero(), where: {} };
          K.records.push(K.pending);
        },
        true,
      );
    });
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    for (let i = 0; i < count; i++) {
      await page.keyboard.press(alphabet[i % alphabet.length]);
      // Wait for the update, then for a frame and a quiet moment so keystrokes never overlap.
      await page.evaluate(
        (n) =>
          new Promise((resolve, reject) => {
            const deadline = performance.now() + 5000;
            const poll = () => {
              const r = window.__keys.records[n];
              if (r && r.done != null) requestAnimationFrame(() => setTimeout(resolve, 20));
              else if (performance.now() > deadline) reject(new Error(`keystroke ${n}: raw view not updated within 5 s`));
              else setTimeout(poll, 1);
            };
            poll();
          }),
        i,
      );
    }
    const records = await page.evaluate(() => window.__keys.records);
    return records.map((r) => ({
      ms: r.done - r.start,
      msFromEvent: r.done - r.eventStamp,
      raw: r.raw,
      other: r.other,
      where: r.where,
    }));
  } finally {
    await context.close();
  }
}

/** In-page: click Send and resolve when the response panel shows the new attempt's token. */
function installSender() {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Send to simulated server');
  // Secrets revealed, so that each new token's text differs from the previous one's.
  const reveal = document.querySelector('[aria-label="Reveal secrets"]') ??
    [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === 'Reveal secrets')?.querySelector('input');
  if (reveal && !reveal.checked) reveal.click();
  const S = (window.__send = { attempt: 0, lastToken: null });
  const meta = () => document.querySelector('.panel--response .response__meta')?.textContent ?? '';
  const yieldTask = () =>
    new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      ch.port2.postMessage(0);
    });
  S.once = () =>
    new Promise((resolve, reject) => {
      const n = ++S.attempt;
      const shown = () => {
        const token = document.querySelector('.panel--token [data-field="access_token"]')?.textContent;
        return meta().includes(`attempt #${n} `) && token && token !== S.lastToken ? token : null;
      };
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`send #${n}: no token shown within 5 s (response meta: ${meta()})`));
      }, 5000);
      const observer = new MutationObserver(() => {
        const token = shown();
        if (token) {
          const end = performance.now();
          observer.disconnect();
          clearTimeout(timer);
          S.lastToken = token;
          resolve(end - start);
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      const start = performance.now();
      button.click();
    });
  S.many = async (count) => {
    for (let i = 0; i < count; i++) {
      await S.once();
      await yieldTask();
    }
  };
  S.timed = async (count) => {
    const out = [];
    for (let i = 0; i < count; i++) {
      out.push(await S.once());
      // A frame and a quiet moment between samples: each send starts from a settled page.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)));
    }
    return out;
  };
}

/** Section 4: send → token shown (simulated, no latency). */
async function sendTimes(browser, origin, count) {
  const { context, page } = await openApp(browser, origin);
  try {
    await page.evaluate(installSender);
    // Three uncounted sends first (first-use allocations, lazily created views).
    await page.evaluate(() => window.__send.timed(3));
    return await page.evaluate((n) => window.__send.timed(n), count);
  } finally {
    await context.close();
  }
}

async function mainThreadMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** CPU and mutations over `seconds` of doing nothing. */
async function idleCost(page, cdp, seconds) {
  await page.evaluate(() => {
    const I = (window.__idle = { records: 0, added: 0, removed: 0, characterData: 0, attributes: 0, where: {} });
    window.__idleObserver?.disconnect();
    window.__idleObserver = new MutationObserver((list) => {
      for (const r of list) {
        I.records++;
        if (r.type === 'characterData') I.characterData++;
        else if (r.type === 'attributes') I.attributes++;
        else {
          I.added += r.addedNodes.length;
          I.removed += r.removedNodes.length;
        }
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        const key = `${el?.tagName.toLowerCase()}.${[...(el?.classList ?? [])].join('.')}${r.type === 'attributes' ? `[${r.attributeName}]` : ''} (${r.type})`;
        I.where[key] = (I.where[key] ?? 0) + 1;
      }
    });
    window.__idleObserver.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const before = await mainThreadMetrics(cdp);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = await mainThreadMetrics(cdp);
  const wall = (Date.now() - t0) / 1000;
  const idle = await page.evaluate(() => {
    window.__idleObserver.disconnect();
    return window.__idle;
  });
  const d = (k) => (after[k] ?? 0) - (before[k] ?? 0);
  return {
    wallSeconds: wall,
    taskSeconds: d('TaskDuration'),
    scriptSeconds: d('ScriptDuration'),
    layoutSeconds: d('LayoutDuration'),
    styleSeconds: d('RecalcStyleDuration'),
    layoutCount: d('LayoutCount'),
    styleCount: d('RecalcStyleCount'),
    cpuPercent: (d('TaskDuration') / wall) * 100,
    taskMsPerMinute: (d('TaskDuration') / wall) * 60_000,
    scriptMsPerMinute: (d('ScriptDuration') / wall) * 60_000,
    mutationsPerSecond: idle.records / wall,
    mutations: idle,
  };
}

/** Section 5: countdown cost (and, for reference, the same page idle before any token). */
async function countdownCost(browser, origin, seconds) {
  const { context, page } = await openApp(browser, origin);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.waitForTimeout(2000);
    const noToken = await idleCost(page, cdp, seconds);
    await page.evaluate(installSender);
    await page.evaluate(() => window.__send.once());
    await page.getByRole('timer').waitFor();
    await page.waitForTimeout(2000);
    const withToken = await idleCost(page, cdp, seconds);
    withToken.timerText = await page.getByRole('timer').textContent();
    return { noToken, withToken };
  } finally {
    await context.close();
  }
}

async function memorySnapshot(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__benchWasm?.memory?.buffer?.byteLength ?? null);
  const domNodes = (await mainThreadMetrics(cdp)).Nodes ?? null;
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasmMemory: wasm, domNodes };
}

/** Section 6: memory after load, after 1 000 sends, after N sends. */
async function memory(browser, origin, totalSends) {
  const { context, page } = await openApp(browser, origin);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('Performance.enable');
    await page.waitForTimeout(1000);
    const points = [{ sends: 0, ...(await memorySnapshot(page, cdp)) }];
    await page.evaluate(installSender);
    const checkpoints = [...new Set([Math.min(1000, totalSends), totalSends])];
    let done = 0;
    const started = Date.now();
    for (const target of checkpoints) {
      while (done < target) {
        const chunk = Math.min(500, target - done);
        await page.evaluate((n) => window.__send.many(n), chunk);
        done += chunk;
      }
      await page.waitForTimeout(500);
      points.push({ sends: done, ...(await memorySnapshot(page, cdp)) });
      process.stderr.write(`  memory: ${done} sends (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
    return points;
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {}
  const server = await startServer(PORTS);
  let browser;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server.close().catch(() => {});
  };
  const onSignal = (sig) => {
    cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const results = {
    date: new Date().toISOString(),
    chromium: chromiumVersion,
    cores: (await import('node:os')).cpus().length,
    options: opts,
  };
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    console.log(`# cc-playground benchmark — ${chromiumVersion} (browser ${browser.version()}), ` +
      `${results.cores} cores, server ${server.origin}, ${opts.runs} cold loads per page`);

    // 1 + 2: cold loads, in alternation (the order rotates each round).
    const loads = Object.fromEntries(PAGES.map((p) => [p.id, []]));
    const blocked = Object.fromEntries(PAGES.map((p) => [p.id, new Set()]));
    // One uncounted load of each page first: starts the browser's processes, not a page cache
    // (every load has a fresh context, so its HTTP and code caches are empty).
    for (const p of PAGES) await coldLoad(browser, server.origin, p, new Set());
    for (let round = 0; round < opts.runs; round++) {
      for (let k = 0; k < PAGES.length; k++) {
        const p = PAGES[(round + k) % PAGES.length];
        const r = await coldLoad(browser, server.origin, p, blocked[p.id]);
        loads[p.id].push(r);
        process.stderr.write(`  load ${round + 1}/${opts.runs} ${p.id}: usable ${r.usable.toFixed(0)} ms\n`);
      }
    }
    results.loads = loads;
    results.blockedExternal = Object.fromEntries(Object.entries(blocked).map(([k, v]) => [k, [...v]]));

    const byteRows = [];
    const fileRows = [];
    const bytes = {};
    for (const p of PAGES) {
      const first = loads[p.id][0];
      const rawSpread = stats(loads[p.id].map((l) => l.raw));
      const before = stats(loads[p.id].map((l) => l.beforeUsableGzip));
      bytes[p.id] = {
        files: first.files.length,
        raw: first.raw,
        gzip: first.gzip,
        brotli: first.brotli,
        beforeUsableGzip: before.median,
      };
      byteRows.push([
        p.name,
        `${first.beforeUsableFiles} / ${first.files.length}`,
        kib(before.median),
        before.min === before.max ? 'same' : `${kib(before.min)}–${kib(before.max)}`,
        kib(first.gzip),
        kib(first.brotli),
        kib(first.raw),
        rawSpread.min === rawSpread.max ? 'same' : `${kib(rawSpread.min)}–${kib(rawSpread.max)}`,
      ]);
      for (const f of first.files) fileRows.push([p.id, f.url, f.before ? 'yes' : 'after', kib(f.raw), kib(f.gzip), kib(f.brotli)]);
    }
    const blockedNotes = PAGES.filter((p) => blocked[p.id].size).map(
      (p) => `  ${p.name}: refused ${blocked[p.id].size} external request(s), not counted: ${[...blocked[p.id]].join(', ')}`,
    );
    table(
      '1. Bytes fetched per page load (KiB; gzip -9 and brotli q11 computed with node:zlib)',
      ['page', 'files before usable / all', 'gzip before usable', 'over runs', 'gzip all', 'brotli all', 'raw all', 'raw over runs'],
      byteRows,
      [
        '  before usable = requested (Resource Timing startTime) no later than the moment the page became usable;',
        '  the rest (our lazily loaded chunks, prefetched right after) arrive while the page is already usable.',
        ...blockedNotes,
      ],
    );
    table('1b. Files fetched (first load of each page, KiB)', ['page', 'file', 'before usable', 'raw', 'gzip', 'brotli'], fileRows);
    table(
      '1c. Our bytes relative to each peer',
      ['peer', 'gzip before usable ours/peer', 'gzip ours/peer', 'brotli ours/peer', 'raw ours/peer'],
      PEERS.map((p) => [
        p.name,
        ratio(bytes.app.beforeUsableGzip, bytes[p.id].beforeUsableGzip),
        ratio(bytes.app.gzip, bytes[p.id].gzip),
        ratio(bytes.app.brotli, bytes[p.id].brotli),
        ratio(bytes.app.raw, bytes[p.id].raw),
      ]),
    );
    results.bytes = bytes;

    const load = {};
    for (const p of PAGES) {
      load[p.id] = {
        usable: stats(loads[p.id].map((l) => l.usable)),
        fcp: stats(loads[p.id].map((l) => l.fcp)),
        longTasks: stats(loads[p.id].map((l) => l.longTasks)),
        longTaskMs: stats(loads[p.id].map((l) => l.longTaskMs)),
        longestTaskMs: stats(loads[p.id].map((l) => l.longestTaskMs)),
        longestBeforeUsableMs: stats(loads[p.id].map((l) => l.longestTaskBeforeUsableMs)),
      };
    }
    results.load = load;
    table(
      `2. Cold load, ms from navigation start (median [min–max] of ${opts.runs}; long tasks until usable + 1 s)`,
      ['page', 'usable', '[min–max]', 'FCP', '[min–max]', 'long tasks', 'long-task ms', 'longest ms', 'longest before usable ms'],
      PAGES.map((p) => {
        const l = load[p.id];
        return [p.name, fmt(l.usable.median, 0), range(l.usable, 0), fmt(l.fcp.median, 0), range(l.fcp, 0),
          fmt(l.longTasks.median, 0), fmt(l.longTaskMs.median, 0), fmt(l.longestTaskMs.median, 0),
          `${fmt(l.longestBeforeUsableMs.median, 0)} ${range(l.longestBeforeUsableMs, 0)}`];
      }),
      [
        '  usable = ours: Send button enabled; Swagger UI: Authorize button; RapiDoc: client credentials row of',
        '  its authentication section (shadow DOM); Redoc: the security scheme section with the token URL.',
      ],
    );
    table(
      '2b. Cold load, ours/peer (medians)',
      ['peer', 'usable ours/peer', 'FCP ours/peer', 'long-task ms ours/peer'],
      PEERS.map((p) => [
        p.name,
        ratio(load.app.usable.median, load[p.id].usable.median),
        ratio(load.app.fcp.median, load[p.id].fcp.median),
        ratio(load.app.longTaskMs.median, load[p.id].longTaskMs.median),
      ]),
    );
    for (const p of PAGES) {
      const errs = [...new Set(loads[p.id].flatMap((l) => l.errors))];
      if (errs.length) console.log(`  page errors on ${p.name}: ${errs.join(' | ')}`);
    }

    // 3: keystrokes.
    const keys = await keystrokes(browser, server.origin, opts.keystrokes);
    results.keystrokes = keys;
    const ks = stats(keys.map((k) => k.ms));
    const kse = stats(keys.map((k) => k.msFromEvent));
    const per = (f) => stats(keys.map(f));
    const where = {};
    for (const k of keys) for (const [w, n] of Object.entries(k.where)) where[w] = (where[w] ?? 0) + n;
    const whereTop = Object.entries(where).sort((a, b) => b[1] - a[1]).slice(0, 8)
      .map(([w, n]) => `${w} ${(n / keys.length).toFixed(1)}`).join('; ');
    table(
      `3. Keystroke in Client ID → raw request shows the new value (ours, ${keys.length} keystrokes)`,
      ['figure', 'median', 'p95', 'min–max'],
      [
        ['ms from input event dispatch', fmt(ks.median, 2), fmt(ks.p95, 2), range(ks, 2)],
        ['ms from event.timeStamp', fmt(kse.median, 2), fmt(kse.p95, 2), range(kse, 2)],
        ['raw view: nodes added', fmt(per((k) => k.raw.added).median, 0), fmt(per((k) => k.raw.added).p95, 0), range(per((k) => k.raw.added), 0)],
        ['raw view: nodes removed', fmt(per((k) => k.raw.removed).median, 0), fmt(per((k) => k.raw.removed).p95, 0), range(per((k) => k.raw.removed), 0)],
        ['raw view: characterData changes', fmt(per((k) => k.raw.characterData).median, 0), fmt(per((k) => k.raw.characterData).p95, 0), range(per((k) => k.raw.characterData), 0)],
        ['raw view: attribute changes', fmt(per((k) => k.raw.attributes).median, 0), fmt(per((k) => k.raw.attributes).p95, 0), range(per((k) => k.raw.attributes), 0)],
        ['elsewhere: mutation records', fmt(per((k) => k.other.records).median, 0), fmt(per((k) => k.other.records).p95, 0), range(per((k) => k.other.records), 0)],
        ['elsewhere: nodes added+removed', fmt(per((k) => k.other.added + k.other.removed).median, 0), fmt(per((k) => k.other.added + k.other.removed).p95, 0), range(per((k) => k.other.added + k.other.removed), 0)],
        ['elsewhere: characterData changes', fmt(per((k) => k.other.characterData).median, 0), fmt(per((k) => k.other.characterData).p95, 0), range(per((k) => k.other.characterData), 0)],
      ],
      [
        '  client authentication set to client_secret_post so that client_id is in the body in clear.',
        `  mutation records elsewhere per keystroke, by region: ${whereTop || 'none'}`,
      ],
    );

    // 4: send → token.
    const sends = await sendTimes(browser, server.origin, opts.sendSamples);
    results.sendToToken = sends;
    const ss = stats(sends);
    table(
      `4. Send → token shown, simulated mode, no latency (ours, ${sends.length} sends)`,
      ['figure', 'median', 'p95', 'min–max'],
      [['ms from click to the new token in the response panel', fmt(ss.median, 2), fmt(ss.p95, 2), range(ss, 2)]],
      ['  shown = the response meta says "attempt #N" and the token panel shows a new access_token (secrets revealed);',
        '  after 3 uncounted sends; 20 ms of quiet between sends.'],
    );

    // 5: countdown.
    process.stderr.write(`  countdown: 2 × ${opts.idle} s idle\n`);
    const cd = await countdownCost(browser, server.origin, opts.idle);
    results.countdown = cd;
    const cdRow = (label, c) => [label, fmt(c.wallSeconds, 1), fmt(c.taskMsPerMinute, 1), fmt(c.scriptMsPerMinute, 1),
      fmt(c.cpuPercent, 3), fmt(c.mutationsPerSecond, 2), fmt(c.styleCount / c.wallSeconds, 2), fmt(c.layoutCount / c.wallSeconds, 2)];
    const topWhere = (c) => Object.entries(c.mutations.where).sort((a, b) => b[1] - a[1]).slice(0, 6)
      .map(([w, n]) => `${w} ${(n / c.wallSeconds).toFixed(2)}/s`).join('; ');
    table(
      '5. Idle cost (ours; CDP Performance.getMetrics deltas)',
      ['state', 's', 'task ms/min', 'script ms/min', '% of a core', 'mutations/s', 'styles/s', 'layouts/s'],
      [cdRow('token counting down', cd.withToken), cdRow('no token yet', cd.noToken)],
      [
        `  with token (timer "${cd.withToken.timerText}"), mutations by target: ${topWhere(cd.withToken) || 'none'}`,
        `  no token, mutations by target: ${topWhere(cd.noToken) || 'none'}`,
      ],
    );

    // 6: memory.
    process.stderr.write(`  memory: ${opts.sends} sends\n`);
    const mem = await memory(browser, server.origin, opts.sends);
    results.memory = mem;
    const mib = (b) => (b == null ? '—' : (b / 1048576).toFixed(2));
    table(
      '6. Memory (ours; MiB; JS heap after two forced GCs via CDP, wasm = WebAssembly.Memory buffer)',
      ['after', 'wasm memory', 'JS heap used', 'JS heap total', 'DOM nodes', 'growth since load (wasm + JS)'],
      mem.map((m) => [
        m.sends === 0 ? 'load' : `${m.sends} sends`,
        mib(m.wasmMemory),
        mib(m.jsHeapUsed),
        mib(m.jsHeapTotal),
        m.domNodes ?? '—',
        m.sends === 0 ? '' : mib((m.wasmMemory ?? 0) - (mem[0].wasmMemory ?? 0) + m.jsHeapUsed - mem[0].jsHeapUsed),
      ]),
      ['  DOM nodes = CDP "Nodes" (live DOM nodes of the page, including detached ones not yet collected).'],
    );

    // Targets of issues 8 and 17.
    const last = mem[mem.length - 1];
    const growth = (last.wasmMemory ?? 0) - (mem[0].wasmMemory ?? 0) + last.jsHeapUsed - mem[0].jsHeapUsed;
    const KiB = 1024;
    const targets = [
      ['gzip bytes before usable ≤ 150 KiB (issue 17; goal 120)', `${kib(bytes.app.beforeUsableGzip)} KiB`, bytes.app.beforeUsableGzip <= 150 * KiB],
      ['cold load (usable) ≤ 0.3× Swagger UI (issue 17)', ratio(load.app.usable.median, load.swagger.usable.median), load.app.usable.median <= 0.3 * load.swagger.usable.median],
      ['no task over 100 ms before usable (issue 17)', `${fmt(load.app.longestBeforeUsableMs.max, 0)} ms (longest of ${opts.runs})`, load.app.longestBeforeUsableMs.max <= 100],
      ['gzip bytes (all, with the chunks) ≤ 150 KiB (issue 8)', `${kib(bytes.app.gzip)} KiB`, bytes.app.gzip <= 150 * KiB],
      ['gzip bytes ≤ 1/3 of Swagger UI', ratio(bytes.app.gzip, bytes.swagger.gzip), bytes.app.gzip <= bytes.swagger.gzip / 3],
      ['gzip bytes ≤ 0.7× RapiDoc', ratio(bytes.app.gzip, bytes.rapidoc.gzip), bytes.app.gzip <= 0.7 * bytes.rapidoc.gzip],
      ['cold load (usable) ≤ 0.5× Swagger UI', ratio(load.app.usable.median, load.swagger.usable.median), load.app.usable.median <= 0.5 * load.swagger.usable.median],
      ['keystroke → raw view p95 ≤ 4 ms', `${fmt(ks.p95, 2)} ms`, ks.p95 <= 4],
      ['send → token p95 ≤ 16 ms', `${fmt(ss.p95, 2)} ms`, ss.p95 <= 16],
      ['countdown ≤ 1 % of a core', `${fmt(cd.withToken.cpuPercent, 3)} %`, cd.withToken.cpuPercent <= 1],
      [`memory growth after ${last.sends} sends ≤ 5 MiB`, `${mib(growth)} MiB`, growth <= 5 * 1048576],
    ];
    results.targets = targets.map(([t, v, ok]) => ({ target: t, value: v, met: ok }));
    table('Issue 8 and 17 targets (this run)', ['target', 'measured', 'met'], targets.map(([t, v, ok]) => [t, v, ok ? 'yes' : 'NO']));
    console.log('\n(7. core micro-benchmarks: `cargo bench -p cc-core --bench core`, run by `cargo xtask bench` before this script.)');
  } finally {
    await cleanup();
  }
  if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`raw figures written to ${opts.json}`);
  }
}

main().catch((e) => {
  console.error(`bench: ${e?.stack ?? e}`);
  process.exit(1);
});
