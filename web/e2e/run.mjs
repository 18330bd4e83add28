// Starts `sekisho serve --demo` on a private data directory and a free port, runs the browser
// tests against it, then stops it with SIGTERM. Exit code: the tests'.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
const binary = process.env.SEKISHO_BIN ?? join(targetDir, 'debug/sekisho');

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitReady(baseUrl, child) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sekisho exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('sekisho did not become ready in 120 s');
}

const dataDir = mkdtempSync(join(tmpdir(), 'sekisho-e2e-'));
// When the tests run as root, PostgreSQL runs as `postgres`, which must reach the directory.
chmodSync(dataDir, 0o755);
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const server = spawn(binary, ['serve', '--demo'], {
  env: {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SEKISHO_'))),
    SEKISHO_DATA_DIR: dataDir,
    SEKISHO_LISTEN: `127.0.0.1:${port}`,
    // The dashboard as built by `npm run build` (scripts/test builds it first).
    SEKISHO_WEB_DIR: join(root, 'web/dist'),
    RUST_LOG: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

let code = 1;
try {
  await waitReady(baseUrl, server);
  const tests = spawn(process.execPath, ['--test', '--test-reporter=spec', join(here, 'tests')], {
    env: { ...process.env, SEKISHO_BASE_URL: baseUrl },
    stdio: 'inherit',
  });
  code = await new Promise((r) => tests.on('exit', (c) => r(c ?? 1)));
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => (server.exitCode !== null ? r() : server.on('exit', r)));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
