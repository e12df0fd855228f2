// Trunk pre_build hook (Trunk.toml [[hooks]]): builds the app's wasm, split into lazily loaded
// chunks in release builds (issue 17), and writes it into Trunk's staging directory.
//
// Trunk 0.21 cannot split a wasm module (trunk-rs/trunk#1022), so index.html marks its rust link
// `data-trunk-skip` and this hook runs the chain cargo-leptos runs for `--split`:
//   1. cargo build --target wasm32-unknown-unknown (release: `--cfg cc_split` turns the split points
//      in src/lazy.rs into wasm_split imports, and `-Clink-args=--emit-relocs` keeps the relocations
//      the splitter reads);
//   2. wasm-split-cli (crate wasm_split_cli_support, installed by `cargo xtask setup`): the main
//      module, one .wasm per split point (plus shared chunks) and the `__wasm_split.js` loader;
//   3. wasm-bindgen --target web (`--keep-lld-exports`, which the chunks link against);
//   4. release: wasm-opt -Oz on every module (binaryen from npm: Debian's 108 breaks the wasm),
//      then short names for the main module's JS imports (minify-imports.mjs);
//   5. release: esbuild --minify on the JS (the bindings, the chunk loader, boot.js): the glue is
//      part of the first load (issue 17), and Trunk's own minifier does not see a hook's output.
// Debug builds (`trunk serve`, live reload) skip steps 2, 4 and 5 and have no cc_split cfg: the split
// points are then plain async functions, everything is in one module.
//
// Output: <staging>/wasm-<id>/ (id = the first 16 hex digits of the SHA-256 of the cargo output,
// so a new build never reuses a cached old file) with boot.js, which loads the app; the
// post_build hook (csp-hashes.mjs) links boot.js and preloads the main module from index.html.
//
// Environment: TRUNK_PROFILE, TRUNK_STAGING_DIR (set by Trunk); CC_NO_SPLIT=1 builds a release
// without splitting (to measure what the split gains).
import { execFile, execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { minifyImports } from './minify-imports.mjs';
import { chunkFiles } from './chunk-files.mjs';

const release = process.env.TRUNK_PROFILE === 'release';
const split = release && process.env.CC_NO_SPLIT !== '1';
const staging = process.env.TRUNK_STAGING_DIR ?? 'dist';
const root = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const targetDir = resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');
const name = 'cc-playground';

function run(cmd, args, env = {}) {
  console.log(`wasm-build: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
}

// 1. cargo build. A split build adds its flags to the target's rustflags of .cargo/config.toml
// (`--cfg erase_components`), repeated here in case the environment value replaces them rather than
// adding to them. Unsplit builds keep the configured flags, so they share the browser tests' cache.
const splitFlags = { CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: '--cfg erase_components --cfg cc_split -Clink-args=--emit-relocs' };
run(
  'cargo',
  ['build', '--target', 'wasm32-unknown-unknown', '--bin', name, ...(release ? ['--release'] : [])],
  split ? splitFlags : {},
);
const built = join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${name}.wasm`);
const id = createHash('sha256').update(readFileSync(built)).digest('hex').slice(0, 16);
const out = join(staging, `wasm-${id}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// 2. split.
let input = built;
let startupFiles = [];
if (split) {
  run('wasm-split-cli', [built, out, '--out-name', name]);
  input = join(out, `${name}.wasm`);
  startupFiles = chunkFiles(readFileSync(join(out, '__wasm_split.js'), 'utf8'), 'startup');
}

// 3. wasm-bindgen.
run('wasm-bindgen', [
  '--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', name,
  ...(split ? ['--keep-lld-exports', '--no-demangle'] : []),
  input,
]);
if (split) rmSync(input);

// 4. wasm-opt, each module on its own, as many at once as there are cores.
if (release) {
  const queue = readdirSync(out).filter((f) => f.endsWith('.wasm'));
  const optimise = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const path = join(out, file);
      await promisify(execFile)('wasm-opt', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', path, '-o', `${path}.opt`], { cwd: root });
      renameSync(`${path}.opt`, path);
    }
  };
  console.log(`wasm-build: wasm-opt -Oz on ${queue.length} modules`);
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, optimise));

  // 4b. Short import names in the main module and its bindings (minify-imports.mjs).
  const wasmPath = join(out, `${name}_bg.wasm`);
  const jsPath = join(out, `${name}.js`);
  const minified = minifyImports(readFileSync(wasmPath), readFileSync(jsPath, 'utf8'), `./${name}_bg.js`);
  writeFileSync(wasmPath, minified.wasm);
  writeFileSync(jsPath, minified.js);
  console.log(`wasm-build: ${minified.renamed} imports renamed`);
}

// The boot module: loads the main module; index.html gets <script type="module" src> for it
// (an external file: the page's CSP needs no hash or nonce for it). In a split build it first
// preloads the `startup` chunk (chunk-files.mjs) when the page has something for it to read — URL
// parameters, a saved configuration or a remembered secret (the keys of crates/core's `persist`;
// the app decides the same in `cc_playground::state::has_startup_input`) — so that it downloads
// beside the main module instead of after it.
const preload = startupFiles.length
  ? `const startup = ${JSON.stringify(startupFiles)};
const stored = () => {
  try {
    return localStorage.getItem('cc-playground.config') !== null || sessionStorage.getItem('cc-playground.secret') !== null;
  } catch {
    return false;
  }
};
if (location.search.length > 1 || location.hash.length > 1 || stored()) {
  for (const file of startup) {
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = new URL('./' + file, import.meta.url).href;
    document.head.append(link);
  }
}
`
  : '';
writeFileSync(
  join(out, 'boot.js'),
  `import init, * as bindings from './${name}.js';
${preload}const wasm = await init({ module_or_path: new URL('./${name}_bg.wasm', import.meta.url) });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
`,
);
// 5. Minify the JS (release). esbuild (npm, tests/e2e) keeps the modules' imports and exports and
// every property name: the wasm imports are looked up by name. Files are replaced in place.
if (release) {
  const scripts = readdirSync(out).filter((f) => f.endsWith('.js'));
  console.log(`wasm-build: esbuild --minify on ${scripts.length} scripts`);
  await Promise.all(
    scripts.map((file) =>
      promisify(execFile)('esbuild', [join(out, file), '--minify', '--legal-comments=none', `--outfile=${join(out, file)}`, '--allow-overwrite', '--log-level=warning'], { cwd: root }),
    ),
  );
}
writeFileSync(join(staging, '.wasm-build.json'), JSON.stringify({ dir: `wasm-${id}` }));
console.log(`wasm-build: ${split ? 'split ' : ''}${release ? 'release' : 'debug'} wasm in ${out}`);
