#!/usr/bin/env bash
# Runs inside LocalStack once it is ready: the bucket, the ingestion queue and its dead-letter
# queue (3 receives), as the CDK stack creates them on AWS and the launcher does on the emulator.
set -euo pipefail
awslocal s3 mb s3://intake-uploads || true
awslocal sqs create-queue --queue-name intake-ingestion-dlq >/dev/null
dlq_arn=$(awslocal sqs get-queue-attributes \
  --queue-url http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/intake-ingestion-dlq \
  --attribute-names QueueArn --query Attributes.QueueArn --output text)
awslocal sqs create-queue --queue-name intake-ingestion --attributes "{\"VisibilityTimeout\":\"60\",\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"${dlq_arn}\\\",\\\"maxReceiveCount\\\":\\\"3\\\"}\"}" >/dev/null
echo "intake: bucket and queues ready"
