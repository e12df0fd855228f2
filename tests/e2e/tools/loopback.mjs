// Listening on 127.0.0.1 for the test servers (tests stay on loopback): starts `server` on
// `port` (0: any free port) and returns its URL, its port and a close() that also ends
// keep-alive connections, so a test run stops promptly.

/**
 * @param {import('node:http').Server} server
 * @param {number} port
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function listenOnLoopback(server, port) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
