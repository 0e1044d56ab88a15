import {
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { cleanFileName } from '@intake/domain';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '../auth/current-user.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { UuidParam } from '../common/pipes/uuid-param.js';
import { ListJobsQueryDto } from './dto/list-jobs-query.dto.js';
import { JobsService } from './jobs.service.js';
import type { StoredUpload } from './upload/s3-storage.engine.js';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  // Any field name reaches the module's fileFilter, which answers FILE_REQUIRED for a wrong one
  // (FileInterceptor('file') would answer a generic 400 before our code runs).
  @UseInterceptors(AnyFilesInterceptor())
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @UploadedFiles() files: (Express.Multer.File & StoredUpload)[] | undefined,
  ) {
    const file = files?.[0];
    if (!file) {
      throw new DomainError('FILE_REQUIRED', 'Attach the CSV file as the multipart field "file".');
    }
    return this.jobs.createFromUpload(user.id, file, cleanFileName(file.originalname));
  }

  @Get()
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListJobsQueryDto) {
    return this.jobs.list(user.id, query);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string) {
    return this.jobs.cancel(user.id, id);
  }

  @Post(':id/retry')
  @HttpCode(202)
  retry(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string) {
    return this.jobs.retry(user.id, id);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string) {
    return this.jobs.get(user.id, id);
  }
}
