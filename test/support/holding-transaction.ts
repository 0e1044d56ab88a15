import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, QueryRunner } from 'typeorm';

export interface HoldingTransaction {
  /** The open transaction, to take the lock or write the row the code under test will wait on. */
  runner: QueryRunner;
  /** Resolves once another session waits on something this transaction holds. */
  waitForWaiter: (what: string, timeoutMs?: number) => Promise<void>;
  /** Rolls back whatever is still open and gives the connection back; safe to call twice. */
  release: () => Promise<void>;
}

/**
 * A transaction of the test's own that holds something (a lock, an uncommitted row) which the
 * worker will wait on, so that a test can look at the job in a phase that is otherwise over in
 * milliseconds.
 */
export async function openHoldingTransaction(dataSource: DataSource): Promise<HoldingTransaction> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
  return {
    runner,
    waitForWaiter: async (what, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [{ n }] = await dataSource.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [pid],
        );
        if (n > 0) return;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
        await sleep(50);
      }
    },
    release: async () => {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      if (!runner.isReleased) await runner.release();
    },
  };
}
