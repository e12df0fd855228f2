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

test('post-build joins the stylesheets of a release build in document order, and keeps them apart in debug', async () => {
  for (const profile of ['release', 'debug']) {
    const dir = await stage('');
    try {
      const sheets = { 'a-1.css': 'a{color:red}', 'b-2.css': '.b{margin:0}', 'c-3.css': '@media (width<600px){.c{display:none}}' };
      for (const [name, css] of Object.entries(sheets)) await writeFile(join(dir, name), css);
      const page = await readFile(join(dir, 'index.html'), 'utf8');
      const links = Object.keys(sheets).map((n) => `<link href=./${n} integrity=sha384-x rel=stylesheet>`).join('');
      await writeFile(join(dir, 'index.html'), page.replace('</head>', `${links}</head>`));
      execFileSync('node', [HOOK], { env: { ...process.env, TRUNK_STAGING_DIR: dir, TRUNK_PROFILE: profile } });
      const html = await readFile(join(dir, 'index.html'), 'utf8');
      const linked = [...html.matchAll(/<link[^>]*stylesheet[^>]*>/g)].map((m) => m[0]);
      if (profile === 'debug') {
        expect(linked).toHaveLength(3);
        continue;
      }
      expect(linked).toHaveLength(1);
      const href = linked[0].match(/href="\.\/(style-[0-9a-f]{16}\.css)"/)[1];
      const css = await readFile(join(dir, href), 'utf8');
      expect(css).toBe(Object.values(sheets).join('\n'));
      expect(linked[0]).toContain(`integrity="sha384-${createHash('sha384').update(css).digest('base64')}"`);
      for (const name of Object.keys(sheets)) await expect(readFile(join(dir, name))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
});

// A module built by hand (WebAssembly core spec §5.5): one type `() -> i32`; imports `__wbg_one_1f`
// and `__wbg_two_2e` from the bindings' module, `keep` from another, and a memory; `run` returns
// one() + two() + keep(). The bindings' JS is the shape wasm-bindgen's import object has.
function tinyModule() {
  const str = (s) => [s.length, ...Buffer.from(s)];
  const section = (id, body) => [id, body.length, ...body];
  const imports = [
    4,
    ...str('./x_bg.js'), ...str('__wbg_one_1f'), 0x00, 0,
    ...str('env'), ...str('keep'), 0x00, 0,
    ...str('./x_bg.js'), ...str('__wbg_two_2e'), 0x00, 0,
    ...str('env'), ...str('memory'), 0x02, 0x01, 1, 2, // memory: limits with a max
  ];
  const code = [0x00, 0x10, 0, 0x10, 2, 0x6a, 0x10, 1, 0x6a, 0x0b]; // call 0; call 2; add; call 1; add
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 0, 1, 0x7f]),
    ...section(2, imports),
    ...section(3, [1, 0]),
    ...section(7, [1, ...str('run'), 0x00, 3]),
    ...section(10, [1, code.length, ...code]),
  ]);
}
const TINY_JS = `function imports(){return{__proto__:null,"./x_bg.js":{__proto__:null,__wbg_one_1f:function(){return 1},__wbg_two_2e:function(){return 20}}}}`;

test('minify-imports renames the bindings\' imports in the wasm and the JS, and the module still runs', async () => {
  const { minifyImports } = await import('../../../xtask/hooks/minify-imports.mjs');
  const before = tinyModule();
  const { wasm, js, renamed } = minifyImports(before, TINY_JS, './x_bg.js');
  expect(renamed).toBe(2);
  expect(js).toBe(TINY_JS.replace('__wbg_one_1f:', 'a:').replace('__wbg_two_2e:', 'b:'));
  const names = WebAssembly.Module.imports(new WebAssembly.Module(wasm)).map((i) => `${i.module}.${i.name}`);
  expect(names).toEqual(['./x_bg.js.a', 'env.keep', './x_bg.js.b', 'env.memory']);
  const bindings = new Function(`${js}; return imports();`)();
  const env = { keep: () => 300, memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }) };
  const { instance } = await WebAssembly.instantiate(wasm, { ...bindings, env });
  expect(instance.exports.run()).toBe(321);
  expect(wasm.length).toBeLessThan(before.length);
});

test('minify-imports refuses bindings whose JS does not hold each name once as a key', async () => {
  const { minifyImports, shortName } = await import('../../../xtask/hooks/minify-imports.mjs');
  expect(() => minifyImports(tinyModule(), TINY_JS.replace('__wbg_two_2e:', 'two:'), './x_bg.js')).toThrow(
    /expected __wbg_two_2e once in the JS, as a key; found it 0/,
  );
  expect(() => minifyImports(tinyModule(), `${TINY_JS};__wbg_one_1f()`, './x_bg.js')).toThrow(/found it 2/);
  expect(() => minifyImports(new Uint8Array([1, 2, 3, 4]), TINY_JS, './x_bg.js')).toThrow(/not a wasm module/);
  expect(() => minifyImports(tinyModule().subarray(0, 30), TINY_JS, './x_bg.js')).toThrow(/minify-imports/);
  expect([0, 25, 26, 51, 52, 53, 52 + 52 * 52].map(shortName)).toEqual(['a', 'z', 'A', 'Z', 'aa', 'ab', 'aaa']);
});

// The shape of wasm-split-cli's chunk loader (__wasm_split.js), cut down to what chunk-files reads.
const LOADER = `/* deferred, startup */
const __chunk_3 = makeLoad(() => {
    const src = fetch(new URL("./chunk_3.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* deferred, screen */
const __chunk_4 = makeLoad(() => {
    const src = fetch(new URL("./chunk_4.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
export const __wasm_split_load_startup = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_startup.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_3]));
export const __wasm_split_load_screen = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_screen.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_4]));
export const __wasm_split_load_deferred = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_deferred.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_3, __chunk_4]));
`;

test("chunk-files reads a split's own file and the shared chunks its loader waits for", async () => {
  const { chunkFiles } = await import('../../../xtask/hooks/chunk-files.mjs');
  expect(chunkFiles(LOADER, 'startup')).toEqual(['split_startup.wasm', 'chunk_3.wasm']);
  expect(chunkFiles(LOADER, 'screen')).toEqual(['split_screen.wasm', 'chunk_4.wasm']);
  expect(chunkFiles(LOADER, 'deferred')).toEqual(['split_deferred.wasm', 'chunk_3.wasm', 'chunk_4.wasm']);
  // A loader of another shape fails the build instead of preloading nothing.
  expect(() => chunkFiles(LOADER, 'live')).toThrow(/no loader for split live/);
  expect(() => chunkFiles(LOADER.replace('const __chunk_3 = makeLoad', 'const __chunk_3 = load'), 'startup')).toThrow(
    /does not say which file __chunk_3 is/,
  );
  expect(() => chunkFiles(LOADER.replaceAll('import.meta.url', 'base'), 'startup')).toThrow(/no loader for split startup/);
});
