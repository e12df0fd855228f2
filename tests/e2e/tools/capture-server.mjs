// A capture server for the code-export tests: an HTTP server on 127.0.0.1 (a free port) that
// records the method, target, raw header fields and raw body bytes of every request and answers
// like a token endpoint (RFC 6749 §5.1).
//
// In a test:
//   import { startCaptureServer } from '../tools/capture-server.mjs';
//   const server = await startCaptureServer();   // server.url = 'http://127.0.0.1:PORT'
//   ... server.requests[0] → { method, target, headers: [[name, value], ...], body: Buffer }
//   await server.close();
// Alone (prints each request as JSON, one per line): node tools/capture-server.mjs [port]
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { listenOnLoopback } from './loopback.mjs';

export const TOKEN_RESPONSE = { access_token: 'x', token_type: 'Bearer', expires_in: 60 };

/**
 * @typedef {{ method: string, target: string, headers: [string, string][], body: Buffer }} Captured
 * @param {{ port?: number, onRequest?: (request: Captured) => void }} [options]
 * @returns {Promise<{ url: string, port: number, requests: Captured[], close: () => Promise<void> }>}
 */
export async function startCaptureServer({ port = 0, onRequest } = {}) {
  /** @type {Captured[]} */
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const headers = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
      }
      const captured = { method: req.method ?? '', target: req.url ?? '', headers, body: Buffer.concat(chunks) };
      requests.push(captured);
      onRequest?.(captured);
      const body = JSON.stringify(TOKEN_RESPONSE);
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        'Content-Length': Buffer.byteLength(body),
        // The page reads the response in live mode too.
        'Access-Control-Allow-Origin': '*',
      });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 1000;
  return { ...(await listenOnLoopback(server, port)), requests };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startCaptureServer({
    port: Number(process.argv[2] ?? 0),
    onRequest: (r) => console.log(JSON.stringify({ ...r, body: r.body.toString('base64') })),
  });
  console.error(`capture server listening on ${server.url}`);
}
