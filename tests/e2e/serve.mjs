#!/usr/bin/env node
// Zero-dependency static file server for the built app, used by Playwright's webServer:
//
//   node serve.mjs <dir> <port>        (defaults: ../../dist 4173)
//
// Serves <dir> on 127.0.0.1 only, with `Cache-Control: no-store`; `/` and unknown paths
// without a file extension get index.html (single-page-app fallback); requests that would
// leave <dir> are refused. Logs one line at start-up and nothing per request.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

const HOST = '127.0.0.1';

const CONTENT_TYPES = {
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
  '.woff2': 'font/woff2',
};

const [dirArg = '../../dist', portArg = '4173'] = process.argv.slice(2);
const root = path.resolve(dirArg);
const port = Number.parseInt(portArg, 10);

function fail(message) {
  process.stderr.write(`serve.mjs: ${message}\n`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 1 || port > 65535) {
  fail(`invalid port ${JSON.stringify(portArg)}; usage: node serve.mjs <dir> <port>`);
}
const rootStat = await stat(root).catch(() => null);
if (!rootStat?.isDirectory()) {
  fail(`${root} is not a directory: run \`trunk build --release\` at the repository root first (or \`cargo xtask test\`)`);
}

/** The regular file at `p`, or null. */
async function fileAt(p) {
  const s = await stat(p).catch(() => null);
  return s?.isFile() ? { path: p, size: s.size } : null;
}

/** Which file answers `pathname` (already decoded), or null for 404. */
async function resolveFile(pathname) {
  // Resolve inside root; anything that ends up outside it is refused.
  const full = path.resolve(root, `.${pathname}`);
  if (full !== root && !full.startsWith(root + path.sep)) return 'forbidden';
  const direct = await fileAt(full);
  if (direct) return direct;
  const index = await fileAt(path.join(full, 'index.html'));
  if (index) return index;
  // Single-page-app fallback: client-side routes have no file extension.
  if (path.extname(pathname) === '') return fileAt(path.join(root, 'index.html'));
  return null;
}

function sendStatus(res, status, text) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

const server = createServer(async (req, res) => {
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
    const file = await resolveFile(pathname);
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
});

server.on('error', (err) => {
  fail(err.code === 'EADDRINUSE' ? `port ${port} on ${HOST} is already in use` : String(err));
});

server.listen(port, HOST, () => {
  process.stdout.write(`serving ${root} at http://${HOST}:${port}/\n`);
});

function shutdown() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
