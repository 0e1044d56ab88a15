import { createDataSource } from '@intake/db';
import {
  createS3Client,
  createSqsClient,
  JOB_QUEUE,
  OBJECT_STORE,
  S3ObjectStore,
  SqsJobQueue,
} from '@intake/platform';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { API_CONFIG, type ApiConfig } from '../config/api-config.js';

/**
 * Configuration, the database and the object store and queue behind their interfaces. Global,
 * so feature modules inject what they need without knowing which backend is behind it.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () =>
            createDataSource({
              url: config.DATABASE_URL,
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: 'intake-api',
            }).initialize(),
        }),
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        {
          provide: OBJECT_STORE,
          useFactory: () => new S3ObjectStore(createS3Client(config), config.S3_BUCKET),
        },
        {
          provide: JOB_QUEUE,
          useFactory: () => new SqsJobQueue(createSqsClient(config), config.SQS_QUEUE_URL),
        },
      ],
      exports: [API_CONFIG, OBJECT_STORE, JOB_QUEUE],
    };
  }
}
