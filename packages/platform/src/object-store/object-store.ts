import type { Readable } from 'node:stream';

/**
 * Where uploaded files live. Features depend on this interface only, so they do not know
 * whether S3, LocalStack or the embedded emulator is behind it.
 */
export interface ObjectStore {
  /** Streams `body` to `key`; rejects (and leaves no object) when `signal` aborts or the body errors. */
  put(
    key: string,
    body: Readable,
    options: { contentType: string; signal?: AbortSignal },
  ): Promise<void>;
  /** A stream of the object's bytes. */
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** Throws when the bucket cannot be reached; used by readiness checks. */
  ping(): Promise<void>;
}

export const OBJECT_STORE = Symbol('ObjectStore');
