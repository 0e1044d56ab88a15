import { JOB_STATUSES, type JobStatus } from '@intake/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { NoNul } from '../../common/validation/no-nul.js';

export class ListJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional({ description: 'Matches part of the file name, case-insensitively' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NoNul()
  q?: string;
}
