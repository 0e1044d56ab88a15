import { OBJECT_STORE, type ObjectStore } from '@intake/platform';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DomainError } from '../common/errors/domain-error.js';
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
        fileFilter: (_req, file, accept) =>
          file.fieldname === 'file'
            ? accept(null, true)
            : accept(
                new DomainError(
                  'FILE_REQUIRED',
                  `Send the CSV as the multipart field "file" (this request used "${file.fieldname}").`,
                ),
                false,
              ),
        limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
        // Browsers send a file name as raw UTF-8 in `filename="…"`; multer would read it as
        // Latin-1 ("cafÃ©.csv" for café.csv).
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [JobsController],
  providers: [JobsService],
  exports: [JobsService],
})
export class JobsModule {}
