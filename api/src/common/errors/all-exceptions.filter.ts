import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError } from './domain-error.js';
import { ERROR_STATUS, type ErrorCode } from './error-code.js';

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  /** Always present, `{}` when there is nothing more to say: api.md's shape has it. */
  details: Record<string, unknown>;
}

const CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  413: 'FILE_TOO_LARGE',
  415: 'UNSUPPORTED_FILE_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * A 413 or 415 about an upload's file keeps the file codes; one about a JSON body (too large,
 * an unsupported charset) is about the request, not a file.
 */
const BODY_CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

const FRIENDLY: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: 'Sign in first: this call needs a valid access token.',
  NOT_FOUND: 'Not found.',
  FILE_TOO_LARGE: 'The file is larger than the upload limit.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the limit.',
};

/**
 * The one place where errors become HTTP answers, all in the shape of api.md. Unexpected errors
 * are logged with a correlation id that the answer carries, and nothing else of them leaks.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception, Boolean(http.getRequest<Request>().is('multipart')));
    if (response.headersSent) {
      // A streamed answer (export, events) failed half way: all we can do is cut it.
      response.destroy();
      return;
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, multipart: boolean): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: ERROR_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
        details: exception.details ?? {},
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const code =
        (multipart ? undefined : BODY_CODE_FOR_STATUS[statusCode]) ?? CODE_FOR_STATUS[statusCode];
      if (code) {
        return { statusCode, code, message: FRIENDLY[code] ?? exception.message, details: {} };
      }
    }
    const correlationId = randomUUID();
    this.logger.error(
      { correlationId, err: exception },
      exception instanceof Error ? exception.stack : String(exception),
    );
    return {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: `Something went wrong on our side. Quote ${correlationId} when reporting it.`,
      details: { correlationId },
    };
  }
}
