import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CurrentUser, type AuthenticatedUser } from '../auth/current-user.decorator.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { UuidParam } from '../common/pipes/uuid-param.js';
import { ContactsService } from './contacts.service.js';

/**
 * RFC 5987's value-chars: encodeURIComponent leaves ' ( ) * as they are, and they are not
 * attr-chars (a parser stops at them: "O'Brien (1).csv" came back undecoded).
 */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

async function sendCsv(res: Response, csv: { filename: string; stream: Readable }): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', attachment(csv.filename));
  res.setHeader('Cache-Control', 'no-store');
  await pipeline(csv.stream, res);
}

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('jobs/:id')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get('contacts')
  list(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') jobId: string,
    @Query() query: PageQueryDto,
  ) {
    return this.contacts.list(user.id, jobId, query);
  }

  @Get('export.csv')
  @ApiQuery({
    name: 'format',
    required: false,
    enum: ['raw'],
    description: 'raw: no spreadsheet-safety prefix',
  })
  async export(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') jobId: string,
    @Query('format') format: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await sendCsv(res, await this.contacts.exportCsv(user.id, jobId, format !== 'raw'));
  }

  @Get('rejects.csv')
  async rejects(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') jobId: string,
    @Res() res: Response,
  ): Promise<void> {
    await sendCsv(res, await this.contacts.rejectsCsv(user.id, jobId));
  }
}
