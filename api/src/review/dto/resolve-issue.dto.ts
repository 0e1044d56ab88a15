import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsString, IsUUID, Min } from 'class-validator';
import { Omittable } from '../../common/validation/omittable.js';

export const RESOLVE_ACTIONS = ['choose', 'merge', 'exclude', 'fix'] as const;
export type ResolveAction = (typeof RESOLVE_ACTIONS)[number];

/** One body for every action; which fields an action needs is checked by the service (422). */
export class ResolveIssueDto {
  @ApiProperty({ enum: RESOLVE_ACTIONS })
  @IsIn(RESOLVE_ACTIONS)
  action: ResolveAction;

  @ApiProperty({ description: "The issue's current version (optimistic concurrency)" })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: 'choose: the candidate row that wins' })
  @Omittable()
  @IsUUID()
  rowId?: string;

  @ApiPropertyOptional({ description: 'merge: for each field, the candidate row whose value wins' })
  @Omittable()
  @IsObject()
  fields?: Record<string, string>;

  @ApiPropertyOptional({ description: 'fix: the new email' })
  @Omittable()
  @IsString()
  email?: string;
}
