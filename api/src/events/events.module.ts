import { Module } from '@nestjs/common';
import { EventsController } from './events.controller.js';
import { JobEventsService } from './job-events.service.js';

@Module({
  controllers: [EventsController],
  providers: [JobEventsService],
})
export class EventsModule {}
