// Short names for the main module's JS imports (release builds, step 4b of wasm-build.mjs; issue 17).
//
// wasm-bindgen names each import after the JS function it binds plus a hash
// (`__wbg_set_className_fcd90345b3a090af`): ~230 names of ~38 bytes, written twice in the first
// load — in the wasm's import section and as the keys of the JS glue's import object. The hashes do
// not compress. This renames the imports of the bindings' module (`./<name>_bg.js`) to `a`, `b`, …
// in both files: measured −4.0 KB gzip of wasm and −2.9 KB of JS. Binaryen's `--minify-imports`
// leaves these imports alone (it renames only Emscripten's), and no crate or npm package does this
// for wasm-bindgen output; the wasm side is a rewrite of one section (the format: WebAssembly core
// spec §5.5.5, "Import Section").
//
// Every renamed key must occur exactly once in the JS, as `<name>:`: anything else (a wasm-bindgen
// whose output looks different) throws, and the build fails rather than ship a page that cannot
// instantiate its module.

const SECTION_IMPORT = 2;

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length) throw new Error('minify-imports: truncated LEB128');
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
    if (shift > 35) throw new Error('minify-imports: LEB128 too long');
  }
}

function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encode = (text) => [...new TextEncoder().encode(text)];

function readName(bytes, at) {
  const [length, start] = readU32(bytes, at);
  const end = start + length;
  if (end > bytes.length) throw new Error('minify-imports: name past the end of the module');
  return [utf8.decode(bytes.subarray(start, end)), end];
}

// Skips an import's description (WebAssembly core spec §5.5.5: func, table, memory, global, tag).
function skipDescription(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    let [, next] = readU32(bytes, p);
    if (flags & 1) [, next] = readU32(bytes, next);
    return next;
  };
  switch (kind) {
    case 0x00: return readU32(bytes, at)[1]; // func: type index
    case 0x01: return limits(at + 1); // table: reftype, limits
    case 0x02: return limits(at); // memory: limits
    case 0x03: return at + 2; // global: valtype, mutability
    case 0x04: return readU32(bytes, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`minify-imports: unknown import kind ${kind}`);
  }
}

/** `a`…`z`, `A`…`Z`, then `aa`, `ab`, …: valid JS identifiers, never `__proto__`. */
export function shortName(index) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  for (let i = index; ; i = Math.floor(i / alphabet.length) - 1) {
    name = alphabet[i % alphabet.length] + name;
    if (i < alphabet.length) return name;
  }
}

/**
 * Renames the imports of `module` in `wasm` (a Uint8Array) and the matching keys in `js`.
 * Returns `{ wasm, js, renamed }`; throws when the JS does not hold each name exactly once as a key.
 */
export function minifyImports(wasm, js, module) {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) {
    throw new Error('minify-imports: not a wasm module');
  }
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = readU32(wasm, at + 1);
    const end = start + size;
    if (id !== SECTION_IMPORT) {
      at = end;
      continue;
    }
    const [count, first] = readU32(wasm, start);
    const body = u32(count);
    const renames = new Map();
    let p = first;
    for (let n = 0; n < count; n++) {
      let from, field;
      [from, p] = readName(wasm, p);
      [field, p] = readName(wasm, p);
      const descStart = p;
      p = skipDescription(wasm, p);
      if (from === module) {
        if (renames.has(field)) throw new Error(`minify-imports: ${field} imported twice`);
        renames.set(field, shortName(renames.size));
      }
      const name = renames.get(field) ?? field;
      const fromBytes = encode(from);
      const nameBytes = encode(from === module ? name : field);
      body.push(...u32(fromBytes.length), ...fromBytes, ...u32(nameBytes.length), ...nameBytes);
      body.push(...wasm.subarray(descStart, p));
    }
    if (p !== end) throw new Error('minify-imports: the import section does not end where its size says');

    let out = js;
    for (const [field, name] of renames) {
      const uses = out.split(new RegExp(`(?<![\\w$])${field.replace(/\$/g, '\\$')}(?![\\w$])`)).length - 1;
      const key = `${field}:`;
      if (uses !== 1 || !out.includes(key)) {
        throw new Error(`minify-imports: expected ${field} once in the JS, as a key; found it ${uses} time(s)`);
      }
      out = out.replace(key, `${name}:`);
    }
    const section = [SECTION_IMPORT, ...u32(body.length), ...body];
    const result = new Uint8Array(at + section.length + (wasm.length - end));
    result.set(wasm.subarray(0, at), 0);
    result.set(section, at);
    result.set(wasm.subarray(end), at + section.length);
    return { wasm: result, js: out, renamed: renames.size };
  }
  return { wasm, js, renamed: 0 };
}
