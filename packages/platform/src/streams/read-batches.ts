import type { Readable } from 'node:stream';

/**
 * Reads an object-mode stream in arrays of up to `size` items, synchronously draining what is
 * buffered before waiting again. Iterating a stream item by item costs a promise per item,
 * which at millions of records outweighs the work done on each.
 */
export async function* readBatches<T>(stream: Readable, size: number): AsyncGenerator<T[]> {
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const onError = (error: Error) => {
    failure = error;
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  stream.on('readable', notify);
  stream.once('end', onEnd);
  stream.once('error', onError);
  try {
    let batch: T[] = [];
    for (;;) {
      let item: T | null;
      while (failure === null && (item = stream.read() as T | null) !== null) {
        batch.push(item);
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (failure) throw failure as Error;
      if (ended || stream.readableEnded) break;
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        // Settled meanwhile (between read() returning null and here): do not wait.
        if (failure || ended || stream.readableEnded || stream.readableLength > 0) notify();
      });
    }
    if (batch.length > 0) yield batch;
  } finally {
    stream.off('readable', notify);
    stream.off('end', onEnd);
    stream.off('error', onError);
  }
}
