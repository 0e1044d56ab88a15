import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module.js';
import type { ApiConfig } from './config/api-config.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { ReviewModule } from './review/review.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            name: 'intake-api',
            level: config.LOG_LEVEL,
            // Health probes every few seconds would drown the log.
            autoLogging: { ignore: (req) => req.url?.startsWith('/api/health') ?? false },
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
            ],
          },
        }),
        InfrastructureModule.forRoot(config),
        AuthModule,
        JobsModule,
        ReviewModule,
        ContactsModule,
        EventsModule,
        HealthModule,
      ],
    };
  }
}
