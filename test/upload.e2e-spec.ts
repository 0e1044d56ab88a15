import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { gzipSync } from 'node:zlib';
import { ApiClient, type ErrorBody, type JobBody } from './support/api-client.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

const LIMIT = 65_536;
const CSV = 'email,first_name,last_name\nada@example.com,Ada,Lovelace\n';

/** A CSV of exactly `size` bytes: one row whose notes column pads it out. */
function csvOfSize(size: number): Buffer {
  const head = 'email,notes\nada@example.com,';
  return Buffer.from(`${head}${'x'.repeat(size - head.length - 1)}\n`);
}

const bytes = (...parts: (number[] | string | Buffer)[]) =>
  Buffer.concat(
    parts.map((p) =>
      typeof p === 'string' ? Buffer.from(p) : Array.isArray(p) ? Buffer.from(p) : p,
    ),
  );

describe('accepting a file (spec §1), with no worker so the queue can be inspected', () => {
  let stack: TestStack;
  let api: ApiClient;
  let userId: string;
  let s3: S3Client;
  let sqs: SQSClient;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { MAX_UPLOAD_BYTES: String(LIMIT) } });
    api = new ApiClient(stack.baseUrl);
    userId = (await api.signUp()).id;
    const aws = {
      region: 'us-east-1',
      endpoint: stack.env.AWS_ENDPOINT_URL,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    s3 = new S3Client({ ...aws, forcePathStyle: true });
    sqs = new SQSClient(aws);
  });

  afterAll(async () => {
    s3?.destroy();
    sqs?.destroy();
    await stack.stop();
  });

  /** Posts a multipart form with one file part; the declared type is deliberately "text/csv". */
  function upload(filename: string, content: string | Buffer, field = 'file') {
    const form = new FormData();
    form.append(field, new Blob([content], { type: 'text/csv' }), filename);
    return api.post<JobBody & ErrorBody>('/api/jobs', form);
  }

  /** Messages on the queue, in flight or not: no worker runs, so nothing else takes them. */
  async function queueDepth(): Promise<number> {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.queueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return Object.values(Attributes).reduce((sum, n) => sum + Number(n), 0);
  }

  /** Takes (receives and deletes) every message on the queue and returns their bodies. */
  async function takeMessages(): Promise<unknown[]> {
    const expected = await queueDepth();
    const bodies: unknown[] = [];
    for (let attempt = 0; bodies.length < expected && attempt < 10; attempt++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 5,
          WaitTimeSeconds: 1,
        }),
      );
      for (const message of Messages) {
        bodies.push(JSON.parse(message.Body ?? 'null'));
        await sqs.send(
          new DeleteMessageCommand({
            QueueUrl: stack.queueUrl,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
      }
    }
    return bodies;
  }

  async function storedKeys(): Promise<string[]> {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: stack.env.S3_BUCKET, Prefix: `uploads/${userId}/` }),
    );
    return (listed.Contents ?? []).map((o) => o.Key!).sort();
  }

  async function storedBytes(key: string): Promise<Buffer> {
    const object = await s3.send(new GetObjectCommand({ Bucket: stack.env.S3_BUCKET, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  /** What an upload can leave behind: the user's jobs, their stored objects, queued messages. */
  async function traces() {
    const jobs = await api.get<{ items: JobBody[] }>('/api/jobs?limit=500');
    expect(jobs.status).toBe(200);
    return {
      jobs: jobs.body.items.map((j) => j.id).sort(),
      objects: await storedKeys(),
      messages: await queueDepth(),
    };
  }

  /** An accepted file: 202 PENDING, one message naming its key, the exact bytes stored there. */
  async function expectAccepted(filename: string, content: Buffer) {
    const before = await traces();
    const res = await upload(filename, content);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'PENDING',
      originalFilename: filename,
      sizeBytes: content.length,
    });
    const jobId = res.body.id;
    const fileKey = `uploads/${userId}/${jobId}.csv`;

    expect(await queueDepth()).toBe(before.messages + 1);
    expect(await takeMessages()).toEqual([{ jobId, fileKey }]);
    expect(await storedKeys()).toEqual([...before.objects, fileKey].sort());
    expect((await storedBytes(fileKey)).equals(content)).toBe(true);

    const listed = await api.get<{ items: JobBody[] }>('/api/jobs');
    expect(listed.body.items[0]).toMatchObject({ id: jobId, status: 'PENDING' });
    return jobId;
  }

  it('stores a CSV under uploads/<userId>/<jobId>.csv and queues exactly one message for it', async () => {
    expect(await queueDepth()).toBe(0);
    await expectAccepted('contacts.csv', Buffer.from(CSV));
    expect(await queueDepth()).toBe(0);
  });

  it('names jobs with time-ordered ids: a later upload sorts after an earlier one', async () => {
    const first = await expectAccepted('first.csv', Buffer.from(CSV));
    const second = await expectAccepted('second.csv', Buffer.from(CSV));
    // UUIDv7: version 7, RFC 9562 variant, milliseconds in the leading 48 bits.
    for (const id of [first, second])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    // Text order is byte order, PostgreSQL's order of uuids: the keys of raw_rows and issues.
    expect(second > first).toBe(true);
  });

  it.each([
    ['upper-case extension', 'CONTACTS.CSV', Buffer.from(CSV)],
    ['.tsv', 'contacts.tsv', Buffer.from('email\tfirst_name\nada@example.com\tAda\n')],
    ['.txt', 'contacts.txt', Buffer.from(CSV)],
    // UTF-16 text is full of NUL bytes; its BOM says what they are.
    [
      'UTF-16LE with BOM (NUL bytes and all)',
      'utf16.csv',
      bytes([0xff, 0xfe], Buffer.from(CSV, 'utf16le')),
    ],
    ['exactly the size limit', 'exact.csv', csvOfSize(LIMIT)],
  ])('accepts a file: %s', async (_name, filename, content) => {
    await expectAccepted(filename, content);
  });

  it('keeps a non-ASCII file name as the browser sent it (raw UTF-8 in the part header)', async () => {
    const jobId = await expectAccepted('café résumé 日本.csv', Buffer.from(CSV));
    const found = await api.get<{ items: JobBody[] }>(
      `/api/jobs?q=${encodeURIComponent('résumé')}`,
    );
    expect(found.body.items.map((j) => j.id)).toEqual([jobId]);
  });

  it('drops control characters from a file name: a NUL is a 202, not a 500', async () => {
    // RFC 5987's filename* can carry any byte, NUL included.
    const res = await fetch(`${stack.baseUrl}/api/jobs`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.token}`,
        'content-type': 'multipart/form-data; boundary=XX',
      },
      body:
        '--XX\r\nContent-Disposition: form-data; name="file"; ' +
        "filename*=UTF-8''a%00b%07.csv\r\nContent-Type: text/csv\r\n\r\n" +
        `${CSV}\r\n--XX--\r\n`,
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as JobBody).originalFilename).toBe('ab.csv');
    await takeMessages();
  });

  describe('refuses, leaving no job, object or message behind', () => {
    async function expectRefused(
      send: () => Promise<{ status: number; body: ErrorBody }>,
      status: number,
      code: string,
    ) {
      const before = await traces();
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, code });
      expect(await traces()).toEqual(before);
    }

    it('a multipart form without a "file" field: 400 FILE_REQUIRED', async () => {
      const form = new FormData();
      form.append('note', 'no file here');
      await expectRefused(() => api.post<ErrorBody>('/api/jobs', form), 400, 'FILE_REQUIRED');
    });

    // Known bug: multer's "Unexpected file field" reaches the client as 400 VALIDATION_FAILED,
    // which does not say that the file belongs in the field "file". Drop `.failing` once fixed.
    it('a file under another field name: 400 FILE_REQUIRED', async () => {
      await expectRefused(() => upload('contacts.csv', CSV, 'upload'), 400, 'FILE_REQUIRED');
    });

    it.each([
      ['JSON', 'application/json', JSON.stringify({ file: CSV })],
      ['a bare CSV body', 'text/csv', CSV],
    ])('a request that is not multipart (%s): 400 FILE_REQUIRED', async (_name, type, body) => {
      await expectRefused(
        async () => {
          const res = await fetch(`${stack.baseUrl}/api/jobs`, {
            method: 'POST',
            headers: { authorization: `Bearer ${api.token}`, 'content-type': type },
            body,
          });
          return { status: res.status, body: (await res.json()) as ErrorBody };
        },
        400,
        'FILE_REQUIRED',
      );
    });

    it('a file whose name is not .csv/.tsv/.txt, whatever it holds: 415 UNSUPPORTED_FILE_TYPE', async () => {
      await expectRefused(() => upload('contacts.png', CSV), 415, 'UNSUPPORTED_FILE_TYPE');
    });

    it.each([
      ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR', CSV)],
      ['ZIP', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], 'contacts.csv', CSV)],
      ['PDF', bytes('%PDF-1.7\n', CSV)],
      ['gzip', gzipSync(CSV)],
      ['ELF', bytes([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01], CSV)],
      ['NUL bytes', bytes('email,first_name\nada@example.com,A', [0x00, 0x00], 'da\n')],
      // The last byte of the first 8 KiB still counts.
      ['a NUL at byte 8,191', bytes(csvOfSize(8191), [0x00], csvOfSize(100))],
    ])('a .csv that holds %s: 415 UNSUPPORTED_FILE_TYPE', async (_name, content) => {
      await expectRefused(() => upload('contacts.csv', content), 415, 'UNSUPPORTED_FILE_TYPE');
    });

    it.each([
      ['70,000 bytes', 70_000],
      ['one byte over the limit', LIMIT + 1],
    ])('a file of %s: 413 FILE_TOO_LARGE', async (_name, size) => {
      await expectRefused(() => upload('big.csv', csvOfSize(size)), 413, 'FILE_TOO_LARGE');
    });
  });
});
