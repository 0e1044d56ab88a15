import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { awsConfigSchema, databaseConfigSchema } from './config-schemas.js';
import { ConfigError, loadConfig } from './load-config.js';

const schema = databaseConfigSchema.extend(awsConfigSchema.shape);

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgres://u:p@db:5432/intake',
      SQS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/intake',
      DATABASE_POOL_SIZE: '4',
    });
    expect(config).toMatchObject({
      DATABASE_POOL_SIZE: 4,
      AWS_REGION: 'us-east-1',
      S3_BUCKET: 'intake-uploads',
    });
    expect(config.AWS_ENDPOINT_URL).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(schema, {
        DATABASE_URL: 'mysql://x',
        DATABASE_POOL_SIZE: 'many',
        AWS_ENDPOINT_URL: 'not a url',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(names.sort()).toEqual([
      'AWS_ENDPOINT_URL',
      'DATABASE_POOL_SIZE',
      'DATABASE_URL',
      'SQS_QUEUE_URL',
    ]);
    expect((error as ConfigError).message).toContain(
      'DATABASE_URL: must be a postgres:// or postgresql:// URL',
    );
  });

  it.each([[''], [undefined]])('treats %p as unset', (value) => {
    const config = loadConfig(z.object({ LOG_LEVEL: z.string().default('info') }), {
      LOG_LEVEL: value,
    });
    expect(config.LOG_LEVEL).toBe('info');
  });
});
