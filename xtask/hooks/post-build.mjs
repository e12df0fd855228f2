// Trunk post_build hook (Trunk.toml [[hooks]]): finishes the staged index.html.
//
// 1. Links the wasm that the pre_build hook (wasm-build.mjs) built: a module script for its boot.js
//    and preloads for the main module's JS and wasm, so both download in parallel with the CSS.
//    Relative URLs, so dist/ works from any sub-path.
// 2. Under `trunk serve`, moves Trunk's inline live-reload script into a file (trunk-reload.js):
//    the page's CSP allows only its own files, and the inline script's text changes per request
//    (Trunk writes the address into it when serving), so no hash could allow it. The file reads
//    the address from `location` instead, which is what Trunk does without a Host header.
// 3. Release: joins the stylesheets, in document order, into one file (style-<hash>.css): one
//    render-blocking request instead of six, and one compression dictionary (measured: 7 598 → 5 806
//    gzip bytes). Debug builds keep the files apart, for the browser's style tools.
// 4. Adds the sha256 of any inline script left to the CSP (tests/e2e/tools/csp-hashes.mjs).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR ?? 'dist';
const file = join(staging, 'index.html');
let html = readFileSync(file, 'utf8');

const manifest = join(staging, '.wasm-build.json');
if (!existsSync(manifest)) {
  console.error('post-build: no .wasm-build.json in the staging dir (did the pre_build hook run?)');
  process.exit(1);
}
const { dir } = JSON.parse(readFileSync(manifest, 'utf8'));
rmSync(manifest);

// Trunk leaves the skipped rust link in place; it means nothing to a browser.
html = html.replace(/<link\b[^>]*\brel=("?)rust\1[^>]*>/gi, '');
const head = [
  `<link rel="modulepreload" href="./${dir}/cc-playground.js">`,
  `<link rel="preload" href="./${dir}/cc-playground_bg.wasm" as="fetch" type="application/wasm" crossorigin>`,
  `<script type="module" src="./${dir}/boot.js"></script>`,
].join('');
html = html.replace(/<\/head>/i, `${head}</head>`);

const reload = /<script\b[^>]*>(\s*"use strict";[\s\S]*?\{\{__TRUNK_ADDRESS__\}\}[\s\S]*?)<\/script>/;
const found = html.match(reload);
if (found) {
  const script = found[1]
    .replace(/(['`])\{\{__TRUNK_ADDRESS__\}\}\1/g, 'window.location.host')
    .replace(/\{\{__TRUNK_WS_BASE__\}\}/g, '/');
  writeFileSync(join(staging, 'trunk-reload.js'), script);
  html = html.replace(found[0], '<script src="./trunk-reload.js"></script>');
}

let joined = '';
if (process.env.TRUNK_PROFILE === 'release') {
  const links = [...html.matchAll(/<link\b[^>]*\brel=("?)stylesheet\1[^>]*>/gi)].map((m) => m[0]);
  const hrefs = links.map((link) => link.match(/\bhref=("?)\.\/([\w.-]+\.css)\1/)?.[2]);
  if (links.length > 1 && hrefs.every(Boolean)) {
    const css = hrefs.map((href) => readFileSync(join(staging, href), 'utf8')).join('\n');
    if (/@import\b/i.test(css)) throw new Error('post-build: a stylesheet has @import; join them by hand');
    joined = `style-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
    writeFileSync(join(staging, joined), css);
    const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
    html = html.replace(links[0], `<link rel="stylesheet" href="./${joined}" integrity="${integrity}">`);
    for (const link of links.slice(1)) html = html.replace(link, '');
    for (const href of hrefs) rmSync(join(staging, href));
  }
}
writeFileSync(file, html);
console.log(`post-build: linked ./${dir}/boot.js${found ? ', live reload from trunk-reload.js' : ''}${joined ? `, stylesheets joined in ${joined}` : ''}`);

process.argv[2] = file;
await import('../../tests/e2e/tools/csp-hashes.mjs');
