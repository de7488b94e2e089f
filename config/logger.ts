// pino JSON logs; pretty on a terminal (LOG_PRETTY=0/1 overrides). Logs go to stderr so command output stays clean.
import pino, { type Logger } from 'pino';
import { settings } from './settings.js';

export function createLogger(
  level = settings().logLevel,
  pretty = settings().logPretty ?? !!process.stderr.isTTY,
): Logger {
  if (pretty) {
    return pino(
      { level, base: undefined },
      pino.transport({
        target: 'pino-pretty',
        options: { destination: 2, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
      }),
    );
  }
  return pino({ level }, pino.destination(2));
}
