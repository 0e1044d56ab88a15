/** Codes with which a file fails its job (spec §3, §4). */
export type IngestionFailureCode =
  'MISSING_EMAIL_COLUMN' | 'MALFORMED_CSV' | 'RECORD_TOO_LARGE' | 'EMPTY_FILE' | 'FILE_NOT_FOUND';

/**
 * A problem with the file itself: retrying cannot help, so the job becomes FAILED with this
 * code and the message is deleted. Anything else thrown is treated as transient.
 */
export class IngestionFailure extends Error {
  /** The encoding and delimiter detected before the failure, when the file got that far. */
  detected: { encoding: string; delimiter: string } | null = null;
  /** Data rows read before the failure, when the file got that far. */
  rowsRead: number | null = null;

  constructor(
    readonly code: IngestionFailureCode,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'IngestionFailure';
  }
}

/** The job was cancelled while this worker held it: stop and keep nothing. */
export class JobCancelled extends Error {
  constructor() {
    super('The job was cancelled.');
    this.name = 'JobCancelled';
  }
}

/** Another delivery of the same message claimed the job after this one: yield to it. */
export class ClaimSuperseded extends Error {
  constructor() {
    super('A newer claim on this job exists.');
    this.name = 'ClaimSuperseded';
  }
}
