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
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { fileAt, serveStatic } from '../tests/e2e/tools/static-files.mjs';

export const HOST = '127.0.0.1';
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = path.dirname(BENCH_DIR);
export const MOUNTS = {
  '/app/': path.join(REPO_DIR, 'dist'),
  '/bench/': BENCH_DIR,
};

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

/** `/app` without the slash: redirect, so the app's relative asset URLs resolve under /app/. */
function redirectApp(pathname, res) {
  if (pathname !== '/app') return false;
  res.writeHead(301, { Location: '/app/', 'Content-Length': 0 });
  res.end();
  return true;
}

/** Starts the server on the first free port of `ports`; resolves to { server, port, origin, close }. */
export async function startServer(ports = [4300]) {
  let lastError;
  for (const port of ports) {
    const server = createServer((req, res) => serveStatic(req, res, resolveFile, redirectApp));
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
