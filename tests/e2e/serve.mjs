#!/usr/bin/env node
// Zero-dependency static file server for the built app, used by Playwright's webServer:
//
//   node serve.mjs <dir> <port>        (defaults: ../../dist 4173)
//
// Serves <dir> on 127.0.0.1 only, with `Cache-Control: no-store`; `/` and unknown paths
// without a file extension get index.html (single-page-app fallback); requests that would
// leave <dir> are refused. Logs one line at start-up and nothing per request.
import { createServer } from 'node:http';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileAt, serveStatic } from './tools/static-files.mjs';

const HOST = '127.0.0.1';

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

const server = createServer((req, res) => serveStatic(req, res, resolveFile));

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
