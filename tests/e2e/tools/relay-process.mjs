// Starts the cc-relay binary (crates/relay) for the e2e specs, on 127.0.0.1 (port 0: a free
// one), and stops it. `cargo xtask test` builds it and passes its path in CC_RELAY_BIN; run alone:
//   cargo build -p cc-relay && cd tests/e2e && CC_RELAY_BIN=../../target/debug/cc-relay npx playwright test specs/relay.spec.mjs
//
//   const relay = await startRelay({ allowOrigins: ['http://127.0.0.1:4173'], allowTargets: ['http://127.0.0.1:4181'] });
//   relay.url → 'http://127.0.0.1:PORT'; relay.log → its stderr lines; await relay.stop();
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/** The binary: $CC_RELAY_BIN, else the workspace's debug build. */
export function relayBinary() {
  const candidates = [process.env.CC_RELAY_BIN, join(here, '../../../target/debug/cc-relay')].filter(Boolean);
  const found = candidates.map((p) => resolve(here, '..', p)).find((p) => existsSync(p));
  if (!found) {
    throw new Error(`cc-relay binary not found (tried ${candidates.join(', ')}): run \`cargo build -p cc-relay\` and set CC_RELAY_BIN`);
  }
  return found;
}

/**
 * @param {{ allowOrigins?: string[], allowTargets?: string[], allowPrivate?: boolean, listen?: string }} [options]
 * @returns {Promise<{ url: string, port: number, log: string[], stop: () => Promise<void> }>}
 */
export async function startRelay({ allowOrigins = [], allowTargets = [], allowPrivate = false, listen = '127.0.0.1:0' } = {}) {
  const args = ['--listen', listen];
  for (const o of allowOrigins) args.push('--allow-origin', o);
  for (const t of allowTargets) args.push('--allow-target', t);
  if (allowPrivate) args.push('--allow-private');
  const child = spawn(relayBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  child.stderr.setEncoding('utf8');
  // Whole lines only: a line can arrive in two chunks ("cc-relay " then "POST …").
  let partial = '';
  child.stderr.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    log.push(...lines.filter(Boolean));
  });
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const url = await new Promise((done, fail) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/cc-relay listening on (http:\/\/\S+)/);
      if (m) done(m[1]);
    });
    exited.then(({ code }) => fail(new Error(`cc-relay exited (${code}) before listening: ${log.join('\n')}`)));
    setTimeout(() => fail(new Error('cc-relay did not start within 10 s')), 10_000);
  });
  return {
    url,
    port: Number(new URL(url).port),
    log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
