// The static-file answering shared by the test server (tests/e2e/serve.mjs) and the benchmark's
// server (bench/serve.mjs): GET/HEAD only, a decoded path checked for NUL and backslashes, the
// file a caller-given resolver picks, `Cache-Control: no-store`, raw bytes (no compression).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** The regular file at `p` as { path, size }, or null. */
export async function fileAt(p) {
  const s = await stat(p).catch(() => null);
  return s?.isFile() ? { path: p, size: s.size } : null;
}

/** A short plain-text answer. */
export function sendStatus(res, status, text) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/**
 * Answers `req` with a static file. `resolve(pathname)` (decoded) returns { path, size },
 * 'forbidden' or null (404); `before(pathname, res)` may answer first (e.g. a redirect) and then
 * returns true. Errors become a 500 (or a dropped connection once headers went out).
 */
export async function serveStatic(req, res, resolve, before = () => false) {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendStatus(res, 405, 'method not allowed\n');
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return sendStatus(res, 400, 'bad request\n');
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return sendStatus(res, 400, 'bad request\n');
    if (before(pathname, res)) return;
    const file = await resolve(pathname);
    if (file === 'forbidden') return sendStatus(res, 403, 'forbidden\n');
    if (!file) return sendStatus(res, 404, 'not found\n');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file.path).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': file.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  } catch {
    if (!res.headersSent) sendStatus(res, 500, 'internal error\n');
    else res.destroy();
  }
}
