import { describe, expect, it } from '@jest/globals';
import { freePort } from '@intake/launcher';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `npm start`'s entry point, built by `npm run test:jest`. */
const LAUNCHER_MAIN = fileURLToPath(new URL('../packages/launcher/dist/main.js', import.meta.url));
const TEST_ROOT = path.resolve(
  process.env.INTAKE_TEST_DATA_DIR ?? path.join(import.meta.dirname, '../.test-data'),
);

/** Processes other than this one whose environment holds `entry` (Linux /proc). */
async function processesWithEnv(entry: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(entry)) pids.push(pid);
  }
  return pids;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start (the launcher)', () => {
  it('stops what it started when a part refuses to start, and says why', async () => {
    const dataDir = path.join(TEST_ROOT, `launcher-${randomUUID().slice(0, 8)}`);
    await mkdir(dataDir, { recursive: true });
    // The embedded PostgreSQL runs as another user when the tests run as root.
    await chmod(dataDir, 0o755);
    const [port, pgPort, emulatorPort] = [await freePort(), await freePort(), await freePort()];
    try {
      const launcher = spawn(process.execPath, [LAUNCHER_MAIN], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATA_DIR: dataDir,
          PORT: String(port),
          PG_PORT: String(pgPort),
          EMULATOR_PORT: String(emulatorPort),
          LOG_LEVEL: 'warn',
          // The API accepts this; the worker refuses it (not shorter than the 60 s visibility).
          HEARTBEAT_SECONDS: '70',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      launcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      launcher.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => launcher.once('exit', resolve));

      // Nothing of it is left: no API or worker, no PostgreSQL, no emulator.
      expect(await processesWithEnv(`DATA_DIR=${dataDir}`)).toEqual([]);
      expect(code).toBe(1);
      expect(output).toMatch(/HEARTBEAT_SECONDS/);
      expect(output).toContain('stopping');
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(await listening(pgPort)).toBe(false);
      expect(await listening(emulatorPort)).toBe(false);
      expect(await listening(port)).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
