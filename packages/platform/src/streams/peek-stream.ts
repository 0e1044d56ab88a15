import { PassThrough, type Readable } from 'node:stream';

/**
 * Reads at least `bytes` from the start of a stream (or all of a shorter one) without losing
 * them: resolves with that prefix and a stream that replays it followed by the rest.
 */
export async function peekStream(
  stream: Readable,
  bytes: number,
): Promise<{ prefix: Buffer; rest: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  // Not `for await`: breaking out of it would destroy the source stream.
  while (length < bytes) {
    const chunk = await new Promise<Buffer | null>((resolve, reject) => {
      const read = stream.read() as Buffer | null;
      if (read !== null) return resolve(read);
      if (stream.readableEnded) return resolve(null);
      const cleanup = () => {
        stream.off('readable', onReadable);
        stream.off('end', onEnd);
        stream.off('error', onError);
      };
      const onReadable = () => {
        cleanup();
        resolve((stream.read() as Buffer | null) ?? Buffer.alloc(0));
      };
      const onEnd = () => {
        cleanup();
        resolve(null);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      stream.once('readable', onReadable);
      stream.once('end', onEnd);
      stream.once('error', onError);
    });
    if (chunk === null) break;
    chunks.push(chunk);
    length += chunk.length;
  }
  const prefix = Buffer.concat(chunks);
  const rest = new PassThrough();
  rest.write(prefix);
  if (stream.readableEnded) {
    rest.end();
  } else {
    stream.once('error', (error) => rest.destroy(error));
    stream.pipe(rest);
  }
  return { prefix, rest };
}
