import { ConfigError, loadConfig } from '@intake/platform';
import { describe, expect, it } from '@jest/globals';
import { launcherConfigSchema } from './launcher-config.js';

describe('launcherConfigSchema', () => {
  it('runs everything embedded with no configuration at all', () => {
    expect(loadConfig(launcherConfigSchema, {})).toMatchObject({
      DATA_DIR: '.data',
      PORT: 3000,
      PG_PORT: 54329,
      EMULATOR_PORT: 4577,
    });
  });

  it.each([
    [{ SQS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/q' }],
    [{ AWS_ENDPOINT_URL: 'http://localhost:4566', SQS_QUEUE_URL: 'http://localhost:4566/1/q' }],
  ])('takes the queue it is given: %j', (env) => {
    expect(loadConfig(launcherConfigSchema, env).SQS_QUEUE_URL).toBe(env.SQS_QUEUE_URL);
  });

  it('refuses an endpoint without a queue, which would leave the API and worker with none', () => {
    const load = () =>
      loadConfig(launcherConfigSchema, { AWS_ENDPOINT_URL: 'http://localhost:4566' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SQS_QUEUE_URL: is needed with AWS_ENDPOINT_URL/);
  });
});
