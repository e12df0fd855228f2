// Trunk post_build hook (Trunk.toml [[hooks]]): allows exactly the inline scripts Trunk wrote.
//
// Trunk 0.21 always injects an inline `<script type="module">` that imports the wasm-bindgen glue and
// calls init() (and, under `trunk serve`, an inline autoreload script). Its text names the hashed
// file names, so its sha256 changes with every build; a static nonce would defeat the point of a
// nonce. So after each build this adds a 'sha256-…' source for every inline <script> in the staged
// index.html to the script-src directive of the Content-Security-Policy <meta> that index.html
// carries. Nothing else in the policy is touched. Node is already needed by the release build
// (binaryen's wasm-opt from this package), so this adds no tool.
//
// Runs with TRUNK_STAGING_DIR set by Trunk; can also be run by hand: node csp-hashes.mjs dist/index.html
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = process.argv[2] ?? join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
let html = readFileSync(file, 'utf8');

// The policy's <meta>, in either attribute order and with `http-equiv` quoted or not (Trunk's
// release minifier reorders attributes and drops quotes it does not need; `content` keeps them,
// as a policy has spaces).
const metaTag = /<meta\b[^>]*\bhttp-equiv=("?)Content-Security-Policy\1(?=[\s>\/])[^>]*>/i;
const tag = html.match(metaTag)?.[0];
const content = /(\bcontent=")([^"]*)(")/i;
const found = tag?.match(content);
if (!found) {
  console.error(`csp-hashes: no <meta http-equiv="Content-Security-Policy"> in ${file}`);
  process.exit(1);
}

// Inline scripts: <script …> without a src attribute. The hash covers the exact text between the
// tags, as the browser sees it (CSP Level 3 §8.4: the element's text, UTF-8 encoded).
const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/i.test(m[1])) continue;
  hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
}

const policy = found[2]
  .split(';')
  .map((d) => d.trim())
  .filter(Boolean)
  .map((d) => {
    if (!/^script-src(\s|$)/.test(d)) return d;
    // Drop hashes of an earlier run (the hook may run twice on the same file by hand).
    const kept = d.split(/\s+/).filter((s) => !s.startsWith("'sha256-"));
    return [...kept, ...new Set(hashes)].join(' ');
  })
  .join('; ');
if (!/(^|; )script-src /.test(policy)) {
  console.error('csp-hashes: the policy has no script-src directive to add the hashes to');
  process.exit(1);
}

html = html.replace(tag, tag.replace(content, `$1${policy}$3`));
writeFileSync(file, html);
console.log(`csp-hashes: ${hashes.length} inline script hash(es) added to script-src in ${file}`);
