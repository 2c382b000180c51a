import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    // Credentials never reach the logs, whatever logs a request or an error.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.passwordHash',
        '*.newPassword',
        '*.currentPassword',
        '*.key',
      ],
      censor: '[redacted]',
    },
  });
}
