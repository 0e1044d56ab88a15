import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { Omittable } from '../../common/validation/omittable.js';

export class ReopenIssueDto {
  @ApiPropertyOptional({ description: "The issue's current version; a stale one answers 409" })
  @Omittable()
  @IsInt()
  @Min(1)
  version?: number;
}
