import { RequestMethod, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { validationExceptionFactory } from './common/errors/validation-exception.factory.js';
import type { ApiConfig } from './config/api-config.js';

/** Builds the HTTP application; `main.ts` and the end-to-end tests both start it this way. */
export async function createApp(config: ApiConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.use(cookieParser());
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('intake')
      .setDescription('CSV contact ingestion with human review')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);

  if (config.WEB_DIST_DIR) serveWebApp(app, path.resolve(config.WEB_DIST_DIR));
  return app;
}

/** Embedded mode: the built single-page app, with client-side routes falling back to index.html. */
function serveWebApp(app: NestExpressApplication, dir: string): void {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`WEB_DIST_DIR is set but ${index} does not exist: build the web app first.`);
  }
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    // Client-side routes have no file extension; a missing /assets/x.js must stay a 404.
    const isPage =
      req.method === 'GET' &&
      !req.path.startsWith('/api') &&
      req.path !== '/metrics' &&
      path.extname(req.path) === '';
    if (isPage && req.accepts('html')) return res.sendFile(index);
    next();
  });
}
