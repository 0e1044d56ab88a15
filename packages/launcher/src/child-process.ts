import { fork, type ChildProcess } from 'node:child_process';

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Forks a Node program with an IPC channel and resolves once it reports `{ type: 'ready' }`.
 * The channel also tells the child when the launcher dies, even by kill -9.
 */
/**
 * Node flags for the worker process. Its live data is one batch of rows, but V8 grows the heap
 * lazily under a stream of short-lived strings, so without a bound its resident memory drifts
 * with file size and timing. A fixed heap keeps a 4M-row job's peak where a 1M-row job's is.
 * Deployments run the worker with the same flags (NODE_OPTIONS) and WORKER_ENV.
 */
export const WORKER_EXEC_ARGV = ['--max-old-space-size=96', '--max-semi-space-size=8'];

/**
 * Environment for the worker process: two glibc malloc arenas instead of one per thread keep
 * native memory from fragmenting with the parse and socket buffers a long job churns through.
 */
export const WORKER_ENV = { MALLOC_ARENA_MAX: '2' };

export async function forkAndWaitReady(
  name: string,
  modulePath: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
  execArgv: string[] = [],
): Promise<Child> {
  const child = fork(modulePath, [], { env, stdio: 'inherit', execArgv });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not become ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.on('message', (message: { type?: string }) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
  });
  return { name, process: child, exited };
}

export async function stopChild(child: Child, graceMs: number): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}
