import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

export class ReopenIssueDto {
  @ApiPropertyOptional({ description: "The issue's current version; a stale one answers 409" })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
