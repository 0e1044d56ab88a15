import type { IssueStatus } from '@intake/db';
import { ISSUE_TYPES, type IssueType } from '@intake/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';

export class ListIssuesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['OPEN', 'RESOLVED'] })
  @IsOptional()
  @IsIn(['OPEN', 'RESOLVED'])
  status?: IssueStatus;

  @ApiPropertyOptional({ enum: [...ISSUE_TYPES] })
  @IsOptional()
  @IsIn(ISSUE_TYPES)
  type?: IssueType;
}
