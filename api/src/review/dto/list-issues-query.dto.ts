import { ISSUE_STATUSES, type IssueStatus } from '@intake/db';
import { ISSUE_TYPES, type IssueType } from '@intake/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';

export class ListIssuesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: [...ISSUE_STATUSES] })
  @IsOptional()
  @IsIn(ISSUE_STATUSES)
  status?: IssueStatus;

  @ApiPropertyOptional({ enum: [...ISSUE_TYPES] })
  @IsOptional()
  @IsIn(ISSUE_TYPES)
  type?: IssueType;
}
