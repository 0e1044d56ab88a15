import { ISSUE_TYPES, type IssueType } from '@intake/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const BULK_ACTIONS = ['choose_first', 'exclude'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export class BulkResolveDto {
  @ApiProperty({ enum: ISSUE_TYPES })
  @IsIn(ISSUE_TYPES)
  type: IssueType;

  @ApiProperty({
    enum: BULK_ACTIONS,
    description:
      'choose_first: each duplicate group keeps its first row; exclude: leave the rows out',
  })
  @IsIn(BULK_ACTIONS)
  action: BulkAction;
}
