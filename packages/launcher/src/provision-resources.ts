import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';

export interface ProvisionedResources {
  queueUrl: string;
  dlqUrl: string;
}

const MAX_RECEIVE_COUNT = 3;

function isAlreadyThere(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists';
}

/**
 * Creates the bucket, the ingestion queue and its dead-letter queue when missing. Idempotent,
 * so every start may call it. In production the CDK stack owns these instead.
 */
export async function provisionResources(options: {
  s3: S3Client;
  sqs: SQSClient;
  bucket: string;
  queueName: string;
  visibilityTimeoutSeconds: number;
}): Promise<ProvisionedResources> {
  try {
    await options.s3.send(new CreateBucketCommand({ Bucket: options.bucket }));
  } catch (error) {
    if (!isAlreadyThere(error)) throw error;
  }
  const dlq = await options.sqs.send(
    new CreateQueueCommand({
      QueueName: `${options.queueName}-dlq`,
      Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) },
    }),
  );
  const dlqUrl = dlq.QueueUrl!;
  const dlqAttributes = await options.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await options.sqs.send(
    new CreateQueueCommand({
      QueueName: options.queueName,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqAttributes.Attributes!.QueueArn,
          maxReceiveCount: MAX_RECEIVE_COUNT,
        }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl!, dlqUrl };
}
