#!/usr/bin/env node
// Zero-dependency static file server for the benchmark: one server, the same for every page.
//
//   /app/…    → <repo>/dist      (our app, as `trunk build --release` left it)
//   /bench/…  → <repo>/bench     (peer host pages, the OpenAPI fixture, node_modules of peers)
//
// Files are sent raw (no Content-Encoding) with `Cache-Control: no-store`, so every cold load
// transfers the same bytes; compressed sizes are computed by run.mjs with node:zlib.
// 127.0.0.1 only. Standalone: `node serve.mjs [port]` (default 4300); run.mjs imports
// startServer() and closes the server when it ends, also on failure.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const HOST = '127.0.0.1';
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = path.dirname(BENCH_DIR);
export const MOUNTS = {
  '/app/': path.join(REPO_DIR, 'dist'),
  '/bench/': BENCH_DIR,
};

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

async function fileAt(p) {
  const s = await stat(p).catch(() => null);
  return s?.isFile() ? { path: p, size: s.size } : null;
}

/** The file answering `pathname` (decoded), 'forbidden', or null for 404. */
async function resolveFile(pathname) {
  for (const [prefix, dir] of Object.entries(MOUNTS)) {
    if (!pathname.startsWith(prefix)) continue;
    const full = path.resolve(dir, `.${pathname.slice(prefix.length - 1)}`);
    if (full !== dir && !full.startsWith(dir + path.sep)) return 'forbidden';
    return (await fileAt(full)) ?? (await fileAt(path.join(full, 'index.html')));
  }
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

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendStatus(res, 405, 'method not allowed\n');
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return sendStatus(res, 400, 'bad request\n');
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return sendStatus(res, 400, 'bad request\n');
  if (pathname === '/app') {
    res.writeHead(301, { Location: '/app/', 'Content-Length': 0 });
    return res.end();
  }
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
}

/** Starts the server on the first free port of `ports`; resolves to { server, port, origin, close }. */
export async function startServer(ports = [4300]) {
  let lastError;
  for (const port of ports) {
    const server = createServer((req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) sendStatus(res, 500, 'internal error\n');
        else res.destroy();
      });
    });
    try {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, HOST, resolve);
      });
    } catch (e) {
      lastError = e;
      if (e.code === 'EADDRINUSE') continue;
      throw e;
    }
    const close = () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    return { server, port, origin: `http://${HOST}:${port}`, close };
  }
  throw new Error(`no free port among ${ports.join(', ')} on ${HOST} (${lastError?.message ?? 'unknown error'})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number.parseInt(process.argv[2] ?? '4300', 10);
  const { origin, close } = await startServer([port]);
  process.stdout.write(`serving ${MOUNTS['/app/']} at ${origin}/app/ and ${BENCH_DIR} at ${origin}/bench/\n`);
  const shutdown = () => close().then(() => process.exit(0));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
