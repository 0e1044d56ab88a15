import { JOB_QUEUE, OBJECT_STORE, type JobQueue, type ObjectStore } from '@intake/platform';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  live() {
    return { status: 'ok' };
  }

  /** Readiness: the database, the object store and the queue all answer. */
  @Get('ready')
  async ready() {
    const probe = async (check: () => Promise<unknown>) => {
      try {
        await check();
        return 'ok';
      } catch (error) {
        return `unreachable: ${error instanceof Error ? error.message : String(error)}`;
      }
    };
    const checks = {
      database: await probe(() => this.dataSource.query('SELECT 1')),
      objectStore: await probe(() => this.store.ping()),
      queue: await probe(() => this.queue.ping()),
    };
    if (Object.values(checks).some((c) => c !== 'ok')) {
      throw new DomainError('SERVICE_UNAVAILABLE', 'A dependency is unreachable.', { checks });
    }
    return { status: 'ok', checks };
  }
}
