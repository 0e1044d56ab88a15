import { JOB_STATUSES, type JobStatus } from '@intake/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, NotContains } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';

export class ListJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional({ description: 'Matches part of the file name, case-insensitively' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  // PostgreSQL text cannot hold NUL: refused here rather than failing the query.
  @NotContains('\u0000', { message: 'must not contain a NUL character' })
  q?: string;
}
