import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Personal data never belongs in a log line; these paths are redacted in case
 * a request body or workflow state is ever logged by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.question',
  '*.text',
  '*.information',
  '*.request',
  '*.name',
  '*.firstName',
  '*.lastName',
  '*.dateOfBirth',
  '*.email',
  '*.vloName',
  '*.vloEmail',
  'body',
];

export function createLogger(level: string, name = 'release-guard'): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
