// pino JSON logs; pretty on a terminal (LOG_PRETTY=0/1 overrides). Logs go to stderr so command output stays clean.
import pino, { type Logger } from 'pino';

export function createLogger(level = process.env.LOG_LEVEL || 'info', pretty = prettyWanted()): Logger {
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

function prettyWanted(): boolean {
  if (process.env.LOG_PRETTY === '1') return true;
  if (process.env.LOG_PRETTY === '0') return false;
  return !!process.stderr.isTTY;
}
