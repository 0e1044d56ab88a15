import { Job } from '@intake/db';
import type { EntityManager } from 'typeorm';
import { notFound } from '../errors/domain-error.js';

/**
 * The user's job, optionally row-locked in the caller's transaction. Another user's job is
 * indistinguishable from a missing one: both answer 404.
 */
export async function findOwnedJob(
  manager: EntityManager,
  userId: string,
  jobId: string,
  lock?: 'pessimistic_read' | 'pessimistic_write',
): Promise<Job> {
  const qb = manager
    .getRepository(Job)
    .createQueryBuilder('job')
    .where('job.id = :jobId AND job.userId = :userId', { jobId, userId });
  if (lock) qb.setLock(lock);
  const job = await qb.getOne();
  if (!job) throw notFound('Job');
  return job;
}
