import { Controller, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { interval, map, merge, takeUntil, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { CurrentUser, type AuthenticatedUser } from '../auth/current-user.decorator.js';
import { findOwnedJob } from '../common/ownership/find-owned-job.js';
import { UuidParam } from '../common/pipes/uuid-param.js';
import { JobEventsService } from './job-events.service.js';

// Load balancers close a connection idle for 60 s (AWS ALB's default): a comment keeps it open.
const KEEP_ALIVE_MS = 15_000;

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class EventsController {
  constructor(
    private readonly events: JobEventsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * `event: job` with the job as GET /api/jobs/:id shows it: at once, then on each committed
   * change of its status, progress or counts. The ownership check runs before any header is
   * sent, so another user's job still answers a plain 404.
   */
  @Sse(':id/events')
  @ApiOkResponse({ description: 'text/event-stream of `job` events' })
  async stream(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') jobId: string,
  ): Promise<Observable<MessageEvent>> {
    await findOwnedJob(this.dataSource.manager, user.id, jobId);
    return merge(
      this.events.watch(jobId).pipe(map((job): MessageEvent => ({ type: 'job', data: job }))),
      interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ comment: 'keep-alive' }))),
    ).pipe(takeUntil(this.events.shutdown$));
  }
}
