import { OBJECT_STORE, type ObjectStore } from '@intake/platform';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { API_CONFIG, type ApiConfig } from '../config/api-config.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';
import { S3StorageEngine } from './upload/s3-storage.engine.js';

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [API_CONFIG, OBJECT_STORE],
      useFactory: (config: ApiConfig, store: ObjectStore) => ({
        storage: new S3StorageEngine(store),
        limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
      }),
    }),
  ],
  controllers: [JobsController],
  providers: [JobsService],
  exports: [JobsService],
})
export class JobsModule {}
