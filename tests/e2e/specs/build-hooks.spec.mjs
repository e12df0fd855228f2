// The Trunk post_build hook (xtask/hooks/post-build.mjs), run on a staged page as Trunk leaves it
// (issue 17): it links the split wasm's boot module, and under `trunk serve` moves Trunk's inline
// live-reload script into a file so the page's CSP (no 'unsafe-inline') lets it run. No browser.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOOK = new URL('../../../xtask/hooks/post-build.mjs', import.meta.url).pathname;
const CSP = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`;
// What Trunk 0.21's autoreload script looks like before `trunk serve` fills it in.
const RELOAD = `"use strict";\n(function () {\n    const address = '{{__TRUNK_ADDRESS__}}';\n    const base = '{{__TRUNK_WS_BASE__}}';\n    const url = 'ws://' + address + base + '.well-known/trunk/ws';\n})()\n`;
const PANIC = `document.addEventListener('click', () => {});`;

async function stage(body) {
  const dir = await mkdtemp(join(tmpdir(), 'cc-hook-'));
  await writeFile(
    join(dir, 'index.html'),
    `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${CSP}" /><link data-trunk rel="rust" data-bin="cc-playground" data-trunk-skip /></head><body>${body}</body></html>`,
  );
  await writeFile(join(dir, '.wasm-build.json'), JSON.stringify({ dir: 'wasm-0123456789abcdef' }));
  return dir;
}

const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

test('post-build links the boot module, and moves the live-reload script out of the page', async () => {
  const dir = await stage(`<script>${PANIC}</script><script>${RELOAD}</script>`);
  try {
    execFileSync('node', [HOOK], { env: { ...process.env, TRUNK_STAGING_DIR: dir } });
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('<script type="module" src="./wasm-0123456789abcdef/boot.js"></script>');
    expect(html).toContain('<link rel="modulepreload" href="./wasm-0123456789abcdef/cc-playground.js">');
    expect(html).not.toMatch(/rel="?rust/);
    expect(html).toContain('<script src="./trunk-reload.js"></script>');
    expect(html).not.toContain('__TRUNK_ADDRESS__');
    const reload = await readFile(join(dir, 'trunk-reload.js'), 'utf8');
    expect(reload).toContain('const address = window.location.host;');
    expect(reload).toContain("const base = '/';");
    // Only the inline script left (the panic banner's) is allowed, by its hash.
    const policy = html.match(/content="([^"]*)"/)[1];
    expect(policy).toContain(`script-src 'self' 'wasm-unsafe-eval' ${hash(PANIC)}`);
    expect(policy.match(/'sha256-/g)).toHaveLength(1);
    await expect(readFile(join(dir, '.wasm-build.json'))).rejects.toThrow();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('post-build without the pre_build hook\'s record fails, naming it', async () => {
  const dir = await stage('');
  try {
    await rm(join(dir, '.wasm-build.json'));
    let error;
    try {
      execFileSync('node', [HOOK], { env: { ...process.env, TRUNK_STAGING_DIR: dir }, stdio: 'pipe' });
    } catch (e) {
      error = e;
    }
    expect(error?.status).toBe(1);
    expect(String(error?.stderr)).toContain('no .wasm-build.json');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
