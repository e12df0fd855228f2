// A probe server for the end-to-end tests of discovery, live API calls and fetch failures: an
// HTTP server on 127.0.0.1 (a free port) that lets any origin in (CORS, preflights included) and
// records every request. Routes (any method unless said):
//   OPTIONS *                                       a CORS preflight that allows what is asked
//   POST /token                                     a token response (RFC 6749 §5.1)
//   /api/…                                          200 JSON {"method", "target"} (echo)
//   GET /.well-known/oauth-authorization-server/mixup, GET /mixup/.well-known/openid-configuration
//                                                   metadata naming ANOTHER issuer (RFC 8414 §3.3)
//   GET /slash/.well-known/openid-configuration     metadata naming the issuer with a trailing "/"
//   …/stall… (anywhere in the path)                 200 and headers at once, then a body that
//                                                   never ends (the socket stays open)
//   …/redirect… (anywhere in the path)              302 to /elsewhere
//   anything else                                   404
//
// In a test:
//   import { startProbeServer, OTHER_ISSUER } from '../tools/probe-server.mjs';
//   const server = await startProbeServer();   // server.url = 'http://127.0.0.1:PORT'
//   ... server.requests → [{ method, target, headers: {lower-case name: value}, body: string }]
//   await server.close();
// Alone: node tools/probe-server.mjs [port]
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { listenOnLoopback } from './loopback.mjs';

/** The issuer the mix-up metadata names instead of the one asked for. */
export const OTHER_ISSUER = 'https://attacker.example';

/**
 * @typedef {{ method: string, target: string, headers: Record<string, string | string[] | undefined>, body: string }} Probed
 * @param {{ port?: number }} [options]
 * @returns {Promise<{ url: string, port: number, requests: Probed[], close: () => Promise<void> }>}
 */
export async function startProbeServer({ port = 0 } = {}) {
  /** @type {Probed[]} */
  const requests = [];
  let base = '';
  const cors = { 'Access-Control-Allow-Origin': '*' };
  const json = (res, status, value, extra = {}) => {
    const body = JSON.stringify(value);
    res.writeHead(status, {
      ...cors,
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(body),
      ...extra,
    });
    res.end(body);
  };
  const metadata = (issuer) => ({
    issuer,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    introspection_endpoint: `${issuer}/introspect`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.url ?? '';
      const path = target.split('?')[0];
      requests.push({ method: req.method ?? '', target, headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...cors,
          'Access-Control-Allow-Methods': req.headers['access-control-request-method'] ?? 'GET',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
          'Access-Control-Max-Age': '0',
        });
        res.end();
      } else if (path.includes('/stall')) {
        // Headers now, then a body that never ends.
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"stalled":');
      } else if (path.includes('/redirect')) {
        res.writeHead(302, { ...cors, Location: '/elsewhere', 'Content-Length': '0' });
        res.end();
      } else if (path === '/.well-known/oauth-authorization-server/mixup' || path === '/mixup/.well-known/openid-configuration') {
        json(res, 200, metadata(OTHER_ISSUER));
      } else if (path === '/slash/.well-known/openid-configuration') {
        json(res, 200, metadata(`${base}/slash/`));
      } else if (path === '/token' && req.method === 'POST') {
        json(res, 200, { access_token: 'probe-access-token', token_type: 'Bearer', expires_in: 300 });
      } else if (path.startsWith('/api/')) {
        json(res, 200, { method: req.method, target });
      } else {
        json(res, 404, { error: 'not_found' });
      }
    });
  });
  server.keepAliveTimeout = 1000;
  const listening = await listenOnLoopback(server, port);
  base = listening.url;
  return { ...listening, requests };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startProbeServer({ port: Number(process.argv[2] ?? 0) });
  console.error(`probe server listening on ${server.url}`);
}
