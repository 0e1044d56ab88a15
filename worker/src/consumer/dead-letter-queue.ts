import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@intake/platform';

/**
 * The ingestion queue's dead-letter queue, from its redrive policy: a deployment that does not
 * set SQS_DLQ_URL still has its dead-lettered jobs marked FAILED, instead of left PROCESSING.
 * Undefined when the queue has no redrive policy (its messages then return until they succeed).
 */
export async function findDeadLetterQueue(
  sqs: SQSClient,
  queueUrl: string,
  logger: Logger,
): Promise<string | undefined> {
  let policy: string | undefined;
  try {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
    );
    policy = Attributes?.RedrivePolicy;
  } catch (error) {
    // The worker can still process jobs; only dead-lettered ones would not be marked FAILED.
    logger.error(
      { err: error, queueUrl },
      "could not read the ingestion queue's redrive policy: set SQS_DLQ_URL",
    );
    return undefined;
  }
  if (!policy) {
    logger.warn(
      { queueUrl },
      'the ingestion queue has no dead-letter queue: a job whose messages keep failing is retried without end',
    );
    return undefined;
  }
  // arn:aws:sqs:<region>:<account>:<name>
  const arn = (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn ?? '';
  const [, , , , account, name] = arn.split(':');
  if (!name) throw new Error(`The ingestion queue's redrive policy names no queue: ${policy}`);
  const { QueueUrl } = await sqs.send(
    new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account || undefined }),
  );
  logger.info({ dlqUrl: QueueUrl }, 'dead-letter queue found in the redrive policy');
  return QueueUrl;
}
