import { Job, NO_JOB_COUNTS } from '@intake/db';
import { JOB_QUEUE, OBJECT_STORE, type JobQueue, type ObjectStore } from '@intake/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { findOwnedJob } from '../common/ownership/find-owned-job.js';
import { decodeCursor, toPage, type Page } from '../common/pagination/keyset-cursor.js';
import type { ListJobsQueryDto } from './dto/list-jobs-query.dto.js';
import { presentJob, type JobView } from './job.presenter.js';
import type { StoredUpload } from './upload/s3-storage.engine.js';

/**
 * What a retry clears: the failure, and what the failed attempt detected and read, which the new
 * attempt finds again.
 */
const RETRY_RESETS = {
  errorCode: null,
  errorMessage: null,
  errorLine: null,
  encoding: null,
  delimiter: null,
  startedAt: null,
  finishedAt: null,
  rowsProcessed: 0,
} as const satisfies Partial<Job>;

@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /**
   * The file is already stored. Record the job, then publish; if either fails, undo what was
   * done so that no object, job or message is left behind.
   */
  async createFromUpload(
    userId: string,
    upload: StoredUpload,
    originalFilename: string,
  ): Promise<JobView> {
    const jobs = this.dataSource.getRepository(Job);
    try {
      await jobs.insert({
        id: upload.jobId,
        userId,
        status: 'PENDING',
        originalFilename,
        fileKey: upload.key,
        sizeBytes: upload.size,
      });
    } catch (error) {
      await this.store.delete(upload.key);
      throw error;
    }
    // Read before the message goes out: a worker may claim the job the moment it is published,
    // and the answer is the job as accepted, PENDING (api.md).
    const accepted = await jobs.findOneByOrFail({ id: upload.jobId });
    try {
      await this.queue.publish({ jobId: upload.jobId, fileKey: upload.key });
    } catch (error) {
      this.logger.error(
        { err: error, jobId: upload.jobId },
        'publishing the job failed; rolling back',
      );
      await jobs.delete({ id: upload.jobId });
      await this.store.delete(upload.key);
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'The job queue is unavailable. Try again shortly.',
      );
    }
    return presentJob(accepted);
  }

  /**
   * Spec §8: a job waiting, running or in review can be cancelled. A worker holding it notices
   * at its next progress beat, rolls its transaction back and keeps nothing.
   */
  async cancel(userId: string, jobId: string): Promise<JobView> {
    return this.transition(
      userId,
      jobId,
      ['PENDING', 'PROCESSING', 'NEEDS_REVIEW'],
      async (manager, job) => {
        await manager.update(
          Job,
          { id: jobId },
          {
            status: 'CANCELLED',
            finishedAt: () => 'now()',
            // A running job's counts are of rows its worker will now roll back: none is kept.
            // A job in review keeps its counts, as its rows stay.
            ...(job.status === 'PROCESSING' && NO_JOB_COUNTS),
          },
        );
      },
    );
  }

  /**
   * Spec §8: a FAILED job runs again on its stored file. The message goes out after the job is
   * PENDING and committed (a worker that sees it earlier would find the job still FAILED and
   * drop it); if publishing fails, the job returns to FAILED as it was.
   */
  async retry(userId: string, jobId: string): Promise<JobView> {
    let failed: Pick<Job, keyof typeof RETRY_RESETS> | undefined;
    let fileKey = '';
    const pending = await this.transition(userId, jobId, ['FAILED'], async (manager, job) => {
      fileKey = job.fileKey;
      // Exactly what the retry resets, so that a failed publish can put it all back.
      failed = {
        errorCode: job.errorCode,
        errorMessage: job.errorMessage,
        errorLine: job.errorLine,
        encoding: job.encoding,
        delimiter: job.delimiter,
        startedAt: job.startedAt,
        finishedAt: job.finishedAt,
        rowsProcessed: job.rowsProcessed,
      };
      await manager.update(Job, { id: jobId }, { status: 'PENDING', ...RETRY_RESETS });
    });
    try {
      await this.queue.publish({ jobId, fileKey });
    } catch (error) {
      this.logger.error({ err: error, jobId }, 'publishing the retry failed; the job stays FAILED');
      await this.dataSource
        .getRepository(Job)
        .update({ id: jobId, status: 'PENDING' }, { status: 'FAILED', ...failed });
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'The job queue is unavailable. Try again shortly.',
      );
    }
    return pending;
  }

  /** Applies `change` to an owned job, with its row locked, if its status is one of `from`. */
  private async transition(
    userId: string,
    jobId: string,
    from: Job['status'][],
    change: (manager: EntityManager, job: Job) => Promise<void>,
  ): Promise<JobView> {
    return this.dataSource.transaction(async (manager) => {
      const job = await findOwnedJob(manager, userId, jobId, 'pessimistic_write');
      if (!from.includes(job.status)) {
        throw new DomainError(
          'INVALID_STATE',
          `The job is ${job.status}; this is possible only when it is ${from.join(' or ')}.`,
          { status: job.status },
        );
      }
      await change(manager, job);
      return presentJob(await manager.getRepository(Job).findOneByOrFail({ id: jobId }));
    });
  }

  async get(userId: string, jobId: string): Promise<JobView> {
    return presentJob(await findOwnedJob(this.dataSource.manager, userId, jobId));
  }

  async list(userId: string, query: ListJobsQueryDto): Promise<Page<JobView>> {
    const qb = this.dataSource
      .getRepository(Job)
      .createQueryBuilder('job')
      .where('job.userId = :userId', { userId })
      .orderBy('job.createdAt', 'DESC')
      .addOrderBy('job.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) qb.andWhere('job.status = :status', { status: query.status });
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('job.originalFilename ILIKE :pattern', { pattern });
    }
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    if (cursor) {
      qb.andWhere('(job.createdAt, job.id) < (:at, :id)', { at: cursor[0], id: cursor[1] });
    }
    const rows = await qb.getMany();
    return toPage(rows, query.limit, presentJob, (job) => [job.createdAt.toISOString(), job.id]);
  }
}
