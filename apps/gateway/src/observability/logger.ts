import { type Logger, pino } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Structured JSON logs on stdout (pino): one line per event, fields instead of prose. */
export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({
    level,
    base: { service: 'redline-gateway' },
    // Never log credentials, even when a request object ends up in a log line.
    redact: ['req.headers.authorization', 'headers.authorization', 'apiKey', 'key'],
  });
}
