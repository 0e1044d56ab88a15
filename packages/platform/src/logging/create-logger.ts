import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** JSON logs on stdout, one line an event: what CloudWatch and `jq` both read well. */
export function createLogger(name: string, level: string): Logger {
  return pino({ name, level });
}
