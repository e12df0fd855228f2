// The wasm files one split point's chunk needs (release builds; issue 17), read from the chunk
// loader that wasm-split-cli writes (`__wasm_split.js`, before minification): the split's own
// `split_<name>.wasm`, and the shared `chunk_<n>.wasm` files its loader waits for
// (`export const __wasm_split_load_<name> = wrapAsyncCb(makeLoad(() => {…}, [__chunk_7, …]))`).
//
// boot.js preloads the `startup` chunk's files beside the main module when the page has something
// for it to read (URL parameters, a saved configuration), so that the first render does not wait
// for a second round trip. A loader whose shape is not this one throws: the build fails rather
// than ship a page that preloads nothing, or the wrong files.

/** The files of split `name`, its own first. */
export function chunkFiles(loader, name) {
  const own = new RegExp(
    `export const __wasm_split_load_${name} = wrapAsyncCb\\(makeLoad\\(\\(\\) => \\{\\s*` +
      `const src = fetch\\(new URL\\("\\./(split_${name}\\.wasm)", import\\.meta\\.url\\)\\);[^]*?\\n\\}\\n, \\[([\\w, ]*)\\]\\)\\);`,
  ).exec(loader);
  if (!own) throw new Error(`chunk-files: the chunk loader has no loader for split ${name}`);
  const files = [own[1]];
  for (const dep of own[2].split(', ').filter(Boolean)) {
    const shared = new RegExp(
      `const ${dep} = makeLoad\\(\\(\\) => \\{\\s*const src = fetch\\(new URL\\("\\./(chunk_\\d+\\.wasm)", import\\.meta\\.url\\)\\);`,
    ).exec(loader);
    if (!shared) throw new Error(`chunk-files: the chunk loader does not say which file ${dep} is`);
    files.push(shared[1]);
  }
  return files;
}
