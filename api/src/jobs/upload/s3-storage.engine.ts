import { detectBinary, isAcceptedFileName, SNIFF_BYTES } from '@intake/domain';
import { peekStream, uploadKey, type ObjectStore } from '@intake/platform';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { randomUUIDv7 } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AuthenticatedUser } from '../../auth/current-user.decorator.js';

/** What the engine adds to `req.file`. */
export interface StoredUpload {
  jobId: string;
  key: string;
  size: number;
}

/**
 * A multer storage engine that streams the file part straight into the object store: the API
 * holds at most one upload part in memory, whatever the file size. The content is checked
 * (not the declared type) before anything is stored, and a file cut short by the size limit
 * or a dropped connection leaves no object behind.
 */
export class S3StorageEngine implements StorageEngine {
  constructor(private readonly store: ObjectStore) {}

  _handleFile(
    req: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File> & StoredUpload) => void,
  ): void {
    this.store_(req, file).then(
      (info) => callback(null, info),
      (error: unknown) => callback(error),
    );
  }

  _removeFile(
    _req: Request,
    file: Express.Multer.File & Partial<StoredUpload>,
    callback: (error: Error | null) => void,
  ): void {
    if (!file.key) return callback(null);
    this.store.delete(file.key).then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }

  private async store_(req: Request, file: Express.Multer.File): Promise<StoredUpload> {
    if (!isAcceptedFileName(file.originalname)) {
      file.stream.resume();
      throw new DomainError(
        'UNSUPPORTED_FILE_TYPE',
        `Only .csv, .tsv and .txt files can be imported; "${file.originalname}" is not one.`,
        { filename: file.originalname },
      );
    }
    const { prefix, rest } = await peekStream(file.stream, SNIFF_BYTES);
    const signature = detectBinary(prefix);
    if (signature) {
      rest.resume();
      throw new DomainError(
        'UNSUPPORTED_FILE_TYPE',
        `This is not a text CSV file: it looks like ${signature === 'NUL' ? 'binary data' : `a ${signature} file`}. ` +
          'Upload a .csv, .tsv or .txt text file.',
        { filename: file.originalname, detected: signature },
      );
    }

    const user = req.user as AuthenticatedUser;
    // Time-ordered (UUIDv7), not random: every table keyed by job first (raw_rows, issues and
    // their indexes) then takes a new job's millions of entries at the right edge of its index,
    // where PostgreSQL appends, instead of splitting pages amid older jobs' entries. The row
    // and issue ids derived from it stay unique through its random bits (row-id.ts).
    const jobId = randomUUIDv7();
    const key = uploadKey(user.id, jobId);
    let size = 0;
    rest.on('data', (chunk: Buffer) => (size += chunk.length));
    const abort = new AbortController();
    // busboy marks a file cut at the size limit by emitting 'limit': never store a truncated file.
    file.stream.once('limit', () => abort.abort());
    await this.store.put(key, rest, { contentType: 'text/csv', signal: abort.signal });
    if (abort.signal.aborted || (file.stream as Readable & { truncated?: boolean }).truncated) {
      await this.store.delete(key);
      throw new DomainError('FILE_TOO_LARGE', 'The file is larger than the upload limit.');
    }
    return { jobId, key, size };
  }
}
