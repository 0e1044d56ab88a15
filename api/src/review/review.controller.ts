import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '../auth/current-user.decorator.js';
import { UuidParam } from '../common/pipes/uuid-param.js';
import { BulkResolveDto } from './dto/bulk-resolve.dto.js';
import { ListIssuesQueryDto } from './dto/list-issues-query.dto.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { ReopenIssueDto } from './dto/reopen-issue.dto.js';
import { ResolveIssueDto } from './dto/resolve-issue.dto.js';
import { ReviewService } from './review.service.js';

@ApiTags('review')
@ApiBearerAuth()
@Controller()
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get('jobs/:id/issues')
  list(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') jobId: string,
    @Query() query: ListIssuesQueryDto,
  ) {
    return this.review.listIssues(user.id, jobId, query);
  }

  @Get('issues/:id')
  get(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') issueId: string) {
    return this.review.getIssue(user.id, issueId);
  }

  @Post('issues/:id/resolve')
  @HttpCode(200)
  resolve(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') issueId: string,
    @Body() body: ResolveIssueDto,
  ) {
    return this.review.resolve(user.id, issueId, body);
  }

  @Post('jobs/:id/issues/resolve-bulk')
  @HttpCode(200)
  resolveBulk(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') jobId: string,
    @Body() body: BulkResolveDto,
  ) {
    return this.review.resolveBulk(user.id, jobId, body);
  }

  @Post('issues/:id/reopen')
  @HttpCode(200)
  reopen(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') issueId: string,
    @Body() body: ReopenIssueDto,
  ) {
    return this.review.reopen(user.id, issueId, body.version);
  }

  @Get('jobs/:id/audit')
  audit(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') jobId: string,
    @Query() query: PageQueryDto,
  ) {
    return this.review.audit(user.id, jobId, query);
  }

  @Post('jobs/:id/finalize')
  @HttpCode(200)
  finalize(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') jobId: string) {
    return this.review.finalize(user.id, jobId);
  }
}
