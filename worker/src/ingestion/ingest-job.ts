import { insertFinalContacts, NO_JOB_COUNTS_SQL, refreshIssueCounts } from '@intake/db';
import {
  columnKeys,
  InvalidEncodingError,
  normalizeValue,
  type Encoding,
  type HeaderMapping,
} from '@intake/domain';
import type { IngestionMessage, Logger, ObjectStore } from '@intake/platform';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { DataSource, QueryRunner } from 'typeorm';
import { RAW_ROW_COPY_SQL, RawRowEncoder } from './copy-binary.js';
import { ClaimSuperseded, IngestionFailure, JobCancelled } from './ingestion-failure.js';
import { parseFile, type ParsedFileStart } from './parse-file.js';
import { recordIssues } from './record-issues.js';
import { SeenFilter } from './seen-filter.js';

/**
 * The lock a delivery holds on its job for as long as it processes it, in its transaction: held
 * by a live process only (a crashed one's connection ends and frees it). $1 is the job id.
 */
export const JOB_PROCESSING_LOCK = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';

export interface IngestionDeps {
  dataSource: DataSource;
  store: ObjectStore;
  logger: Logger;
  maxRecordBytes: number;
  progressIntervalMs: number;
}

/**
 * SKIPPED: the job was not waiting for processing (done, cancelled, gone): drop the message.
 * SUPERSEDED: a newer delivery of the message holds the job: leave the message to it.
 */
export type IngestionOutcome =
  'NEEDS_REVIEW' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'SKIPPED' | 'SUPERSEDED';

interface LoadResult extends ParsedFileStart {
  totalRows: number;
  validRows: number;
  columns: string[];
  otherColumns: string[];
  /** SeenFilter.firstRows: where the emails that repeat first appeared, when known. */
  firstRows: readonly number[] | null;
}

/**
 * Runs one job's ingestion (spec §2-§8). The job is claimed with a fencing token (its attempt
 * number), and everything it writes happens in one transaction that commits only if the
 * claim is still the newest: a crash, a cancellation or a duplicate delivery leaves either
 * nothing or exactly one complete result.
 */
export async function ingestJob(
  deps: IngestionDeps,
  message: IngestionMessage,
): Promise<IngestionOutcome> {
  const { dataSource, logger } = deps;
  const log = logger.child({ jobId: message.jobId });
  const runner = dataSource.createQueryRunner('master');
  const client = (await runner.connect()) as PoolClient;
  let claim: { attempt: number; file_key: string } | undefined;
  try {
    await runner.startTransaction();
    // One delivery of a job at a time, and the lock comes before the claim: a second delivery
    // (a duplicate message, or this one again after its visibility ran out) waits here while
    // the first is alive, then finds the job done. Claiming first would take the job from a
    // healthy holder, which yields at its next beat; two messages of one long job would pass
    // it back and forth until both were dead-lettered. The lock belongs to the holder's
    // transaction, so a crashed holder frees it when its connection ends.
    await runner.query(JOB_PROCESSING_LOCK, [message.jobId]);
    // Committed on its own (another connection) so that progress, cancel and the API see it.
    const claimed = await dataSource.query<[{ attempt: number; file_key: string }[], number]>(
      `UPDATE jobs
          SET status = 'PROCESSING', attempt = attempt + 1, started_at = now(), finished_at = NULL,
              rows_processed = 0, ${NO_JOB_COUNTS_SQL},
              error_code = NULL, error_message = NULL, error_line = NULL
        WHERE id = $1 AND status IN ('PENDING', 'PROCESSING')
        RETURNING attempt, file_key`,
      [message.jobId],
    );
    claim = claimed[0][0];
    if (!claim) {
      await runner.rollbackTransaction();
      log.info('job is not waiting for processing; message dropped');
      return 'SKIPPED';
    }
    await assertClaim(runner, message.jobId, claim.attempt);
    await runner.query('DELETE FROM issues WHERE job_id = $1', [message.jobId]);
    await runner.query('DELETE FROM raw_rows WHERE job_id = $1', [message.jobId]);

    const timings: Record<string, number> = {};
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      timings[name] = Math.round(now - mark);
      mark = now;
    };
    lap('claimMs');
    const progress = startProgress(deps, message.jobId, claim.attempt);
    let loaded: LoadResult;
    try {
      await runner.query('SAVEPOINT before_load');
      try {
        loaded = await loadRows(deps, client, message, claim.file_key, progress);
      } catch (error) {
        if (!(error instanceof InvalidEncodingError)) throw error;
        // The first 64 KiB looked like UTF-8 but later bytes are not: the file is Windows-1252.
        log.info('invalid UTF-8 after the sample; reading the file again as Windows-1252');
        await runner.query('ROLLBACK TO SAVEPOINT before_load');
        loaded = await loadRows(deps, client, message, claim.file_key, progress, 'WINDOWS-1252');
      }
    } catch (error) {
      await progress.stop();
      throw error;
    }
    // Every row is read: show the whole count now rather than after the grouping and the issues
    // that follow, which take seconds at a million rows.
    await progress.stop({ publish: true });
    progress.throwIfStopped();
    lap('loadMs');

    const { duplicateGroups, grouping } = await recordIssues(
      runner,
      message.jobId,
      loaded.firstRows,
      lap,
      (groups) => progress.publishGroups(groups),
    );
    const { openBlockingIssues: openBlocking } = await refreshIssueCounts(
      runner.manager,
      message.jobId,
    );
    lap('countsMs');
    // No blocking issue: the spec finalizes automatically.
    const finalContacts =
      openBlocking === 0 ? await insertFinalContacts(runner.manager, message.jobId) : 0;
    const status = openBlocking === 0 ? 'COMPLETED' : 'NEEDS_REVIEW';
    // It finished now, not at now(): that is when this transaction began, before the claim
    // committed its started_at.
    const updated = (await runner.query(
      `UPDATE jobs
          SET status = $3, encoding = $4, delimiter = $5, other_columns = $6::jsonb, columns = $11::jsonb,
              total_rows = $7::int, rows_processed = $7::int, valid_rows = $8::int, invalid_rows = $7::int - $8::int,
              duplicate_groups = $9::int, final_contacts = $10::int,
              finished_at = clock_timestamp()
        WHERE id = $1 AND attempt = $2 AND status = 'PROCESSING'`,
      [
        message.jobId,
        claim.attempt,
        status,
        loaded.encoding,
        loaded.delimiter,
        JSON.stringify(loaded.otherColumns),
        loaded.totalRows,
        loaded.validRows,
        duplicateGroups,
        finalContacts,
        JSON.stringify(loaded.columns),
      ],
    )) as [unknown[], number];
    // Cancelled or claimed again while this run worked: its transaction must not commit.
    if (updated[1] !== 1) {
      await assertClaim(runner, message.jobId, claim.attempt);
      throw new ClaimSuperseded();
    }
    lap('finishMs');
    await runner.commitTransaction();
    lap('commitMs');
    // The rows and issues came in bulk, and the planner knows nothing of them until autovacuum
    // analyzes the tables, a minute or more later: meanwhile the review's queries and finalize
    // are planned as if the tables were empty. PostgreSQL's advice after a bulk load. ANALYZE
    // reads a fixed-size sample, so its cost does not grow with the tables.
    await runner
      .query('ANALYZE raw_rows, issues')
      .catch((error: unknown) => log.warn({ err: error }, 'ANALYZE after the load failed'));
    lap('analyzeMs');
    log.info(
      { status, totalRows: loaded.totalRows, duplicateGroups, grouping, ...timings },
      'job processed',
    );
    return status;
  } catch (error) {
    // A connection that failed (PostgreSQL ended it, the network dropped) is already released,
    // its transaction gone with it; a rollback would only throw "already released" in place of
    // the error that says what happened.
    if (runner.isTransactionActive && !runner.isReleased) await runner.rollbackTransaction();
    if (error instanceof IngestionFailure && claim) {
      await dataSource.query(
        // Nothing of the file is kept, so no counts; progress says how far it was read.
        `UPDATE jobs SET status = 'FAILED', error_code = $3, error_message = $4, error_line = $5,
                encoding = $6, delimiter = $7, rows_processed = $8, ${NO_JOB_COUNTS_SQL},
                finished_at = now()
          WHERE id = $1 AND attempt = $2 AND status = 'PROCESSING'`,
        [
          message.jobId,
          claim.attempt,
          error.code,
          error.message,
          error.line,
          error.detected?.encoding ?? null,
          error.detected?.delimiter ?? null,
          error.rowsRead ?? 0,
        ],
      );
      log.info({ code: error.code, line: error.line }, 'file refused');
      return 'FAILED';
    }
    if (error instanceof JobCancelled) {
      log.info('job cancelled while processing; nothing kept');
      return 'CANCELLED';
    }
    if (error instanceof ClaimSuperseded) {
      log.info('a newer delivery holds this job; yielding to it');
      return 'SUPERSEDED';
    }
    throw error;
  } finally {
    await runner.release();
  }
}

async function assertClaim(runner: QueryRunner, jobId: string, attempt: number): Promise<void> {
  const rows = (await runner.query('SELECT status, attempt FROM jobs WHERE id = $1', [jobId])) as {
    status: string;
    attempt: number;
  }[];
  const job = rows[0];
  if (!job || job.status === 'CANCELLED') throw new JobCancelled();
  if (job.status !== 'PROCESSING' || job.attempt !== attempt) throw new ClaimSuperseded();
}

/** Streams the stored file into raw_rows with COPY, counting as it goes. */
async function loadRows(
  deps: IngestionDeps,
  client: PoolClient,
  message: IngestionMessage,
  fileKey: string,
  progress: Progress,
  forceEncoding?: Encoding,
): Promise<LoadResult> {
  const bytes = await deps.store.get(fileKey).catch((error: unknown) => {
    // Gone is gone: retrying cannot bring the object back.
    if ((error as { name?: string }).name === 'NoSuchKey') {
      throw new IngestionFailure(
        'FILE_NOT_FOUND',
        'The uploaded file is no longer in storage. Upload it again.',
      );
    }
    throw error;
  });
  const copy: Writable = client.query(copyFrom(RAW_ROW_COPY_SQL));
  // Once PostgreSQL has refused the COPY (connection lost, statement cancelled), the stream has
  // no connection left, and destroying it throws (pg-copy-streams 7) as a second 'error' event:
  // with no listener left, that would end the worker process instead of this attempt.
  let copyFailed = false;
  copy.on('error', () => (copyFailed = true));
  const copyDone = new Promise<void>((resolve, reject) => {
    copy.once('finish', resolve);
    copy.once('error', reject);
  });
  // A COPY error surfaces on the next write or at the end; never leave it unhandled meanwhile.
  copyDone.catch(() => undefined);

  let start: ParsedFileStart | null = null;
  let mapping: HeaderMapping | null = null;
  let maxExtra = 0;
  let totalRows = 0;
  let validRows = 0;
  let rowIssues = 0;
  // A fresh filter per load: a retried load (Windows-1252 after all) starts over.
  const seen = new SeenFilter();
  const encoder = new RawRowEncoder(message.jobId);
  const write = async (chunk: Buffer) => {
    // PostgreSQL's own error, rather than the stream's failure to write without a connection.
    if (copyFailed) await copyDone;
    if (!copy.write(chunk)) await Promise.race([once(copy, 'drain'), copyDone]);
  };

  try {
    for await (const event of parseFile(bytes, {
      maxRecordBytes: deps.maxRecordBytes,
      forceEncoding,
    })) {
      if (event.kind === 'start') {
        start = event.start;
      } else if (event.kind === 'header') {
        if (event.mapping.fieldIndex.email === undefined) {
          const found = event.headers.map(normalizeValue).filter(Boolean);
          throw new IngestionFailure(
            'MISSING_EMAIL_COLUMN',
            `No email column was found. The headers are: ${found.join(', ') || '(none)'}. ` +
              'Name one column "email" (or "e-mail", "email address", "mail").',
            null,
          );
        }
        mapping = event.mapping;
      } else {
        for (const data of event.rows) {
          const { valid } = data.row;
          if (valid) validRows += 1;
          rowIssues += data.row.issues.length;
          if (data.extraFields > maxExtra) maxExtra = data.extraFields;
          const emailSeen = valid && seen.checkAndAdd(data.row.normalized.email, data.rowNumber);
          encoder.add(data, emailSeen);
        }
        totalRows += event.rows.length;
        await write(encoder.take());
        progress.report({ rows: totalRows, valid: validRows, rowIssues });
        progress.throwIfStopped();
      }
    }
    // Always written, even with no rows: binary COPY data is not valid without its header.
    await write(encoder.finish());
    copy.end();
    await copyDone;
  } catch (error) {
    bytes.destroy();
    if (!copy.writableEnded && !copyFailed) copy.destroy(error as Error);
    await copyDone.catch(() => undefined);
    // Spec §2 records the encoding on the job; a failed job keeps what was detected too.
    if (error instanceof IngestionFailure && start) {
      error.detected = start;
      error.rowsRead = totalRows;
    }
    throw error;
  }
  if (!start) throw new Error('parser ended without a start event');
  const columns = mapping ? columnKeys(mapping, maxExtra) : [];
  const extras = columns.slice(mapping?.keys.length ?? 0);
  return {
    ...start,
    totalRows,
    validRows,
    columns,
    otherColumns: [...(mapping?.otherKeys ?? []), ...extras],
    firstRows: seen.firstRows(),
  };
}

/** What the load has counted so far. */
interface LoadCounts {
  rows: number;
  valid: number;
  /** Row issues, blocking and warnings: one per row and type (spec §6). */
  rowIssues: number;
}

interface Progress {
  report(counts: LoadCounts): void;
  /** Throws JobCancelled or ClaimSuperseded once a tick has found the claim gone. */
  throwIfStopped(): void;
  /** Stops the beat; with `publish`, first publishes the last counts reported, if they are new. */
  stop(options?: { publish: boolean }): Promise<void>;
  /** After the load: the duplicate groups found and the conflicting ones among them. */
  publishGroups(groups: { groups: number; conflicting: number }): Promise<void>;
}

/**
 * Publishes the job's progress and counts (issue 3: at least once a second while it runs)
 * about once an interval, on its own connection (the load's transaction is not visible to
 * readers), and notices a cancellation at the same beat. The counts are those of the rows read
 * so far: every invalid row has one blocking issue (MISSING_EMAIL or INVALID_EMAIL_FORMAT), and
 * each conflicting duplicate group adds one more once grouping is done. The job's final update
 * sets them all from the stored rows and issues.
 */
function startProgress(deps: IngestionDeps, jobId: string, attempt: number): Progress {
  let counts: LoadCounts = { rows: 0, valid: 0, rowIssues: 0 };
  let groups = { groups: 0, conflicting: 0 };
  let published: LoadCounts | null = null;
  let stopped: JobCancelled | ClaimSuperseded | null = null;
  let inFlight: Promise<void> | null = null;
  const publish = async (sending: LoadCounts) => {
    try {
      const result = await deps.dataSource.query<[unknown[], number]>(
        `UPDATE jobs
            SET rows_processed = $3::int, total_rows = $3::int, valid_rows = $4::int,
                invalid_rows = $3::int - $4::int, open_issues = $5::int + $7::int,
                open_blocking_issues = $3::int - $4::int + $7::int, duplicate_groups = $6::int
          WHERE id = $1 AND attempt = $2 AND status = 'PROCESSING'
          RETURNING id`,
        [
          jobId,
          attempt,
          sending.rows,
          sending.valid,
          sending.rowIssues,
          groups.groups,
          groups.conflicting,
        ],
      );
      published = sending;
      if (result[1] === 0) {
        const [job] = await deps.dataSource.query<{ status: string }[]>(
          'SELECT status FROM jobs WHERE id = $1',
          [jobId],
        );
        stopped = !job || job.status === 'CANCELLED' ? new JobCancelled() : new ClaimSuperseded();
      }
    } catch (error) {
      deps.logger.warn({ err: error, jobId }, 'progress update failed');
    } finally {
      inFlight = null;
    }
  };
  const tick = () => {
    // One update at a time: a slow one is not queued behind by more of them.
    if (inFlight || counts === published) return;
    inFlight = publish(counts);
  };
  const timer = setInterval(tick, deps.progressIntervalMs);
  return {
    report: (next) => (counts = next),
    throwIfStopped: () => {
      if (stopped) throw stopped;
    },
    stop: async (options) => {
      clearInterval(timer);
      await inFlight;
      if (options?.publish && !stopped && counts !== published) await publish(counts);
    },
    publishGroups: async (found) => {
      groups = found;
      await publish(counts);
    },
  };
}
