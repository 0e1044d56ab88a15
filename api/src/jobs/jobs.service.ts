import { Job } from '@intake/db';
import { JOB_QUEUE, OBJECT_STORE, type JobQueue, type ObjectStore } from '@intake/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { decodeCursor, toPage, type Page } from '../common/pagination/keyset-cursor.js';
import type { ListJobsQueryDto } from './dto/list-jobs-query.dto.js';
import { presentJob, type JobView } from './job.presenter.js';
import type { StoredUpload } from './upload/s3-storage.engine.js';

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
    return presentJob(await jobs.findOneByOrFail({ id: upload.jobId }));
  }

  async get(userId: string, jobId: string): Promise<JobView> {
    return presentJob(await this.findOwned(userId, jobId));
  }

  /** Owned jobs only: another user's job is indistinguishable from a missing one. */
  async findOwned(userId: string, jobId: string): Promise<Job> {
    const job = await this.dataSource.getRepository(Job).findOneBy({ id: jobId, userId });
    if (!job) throw notFound('Job');
    return job;
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
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) {
      qb.andWhere('(job.createdAt, job.id) < (:at, :id)', { at: cursor[0], id: cursor[1] });
    }
    const rows = await qb.getMany();
    return toPage(rows, query.limit, presentJob, (job) => [job.createdAt.toISOString(), job.id]);
  }
}
