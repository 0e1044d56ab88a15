import { GetQueueAttributesCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsConfig } from '../config/config-schemas.js';
import type { IngestionMessage } from './ingestion-message.js';

/** Publishes ingestion work; features depend on this interface, not on SQS. */
export interface JobQueue {
  publish(message: IngestionMessage): Promise<void>;
  /** Throws when the queue cannot be reached; used by readiness checks. */
  ping(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JobQueue');

export function createSqsClient(
  config: Pick<AwsConfig, 'AWS_REGION' | 'AWS_ENDPOINT_URL'>,
): SQSClient {
  return new SQSClient({
    region: config.AWS_REGION,
    ...(config.AWS_ENDPOINT_URL ? { endpoint: config.AWS_ENDPOINT_URL } : {}),
  });
}

export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async publish(message: IngestionMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }

  async ping(): Promise<void> {
    await this.client.send(
      new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['QueueArn'] }),
    );
  }
}
