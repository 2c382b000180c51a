// The process's logger: JSON lines for log collectors, or short readable lines for a person at a terminal.
import pino, { type Logger } from 'pino';

export type LogFormat = 'json' | 'pretty';

export function createLogger(level: string, format: LogFormat = 'json'): Logger {
  const options: pino.LoggerOptions = {
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
  };
  return format === 'pretty' ? pino(options, prettyDestination(process.stdout)) : pino(options);
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const SKIPPED = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId']);

/** Renders pino's JSON lines as `12:03:04 INFO  message key=value`, with an error's stack below. */
export function prettyDestination(out: { write(text: string): unknown }): { write(line: string): void } {
  return {
    write(line) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const time = new Date(Number(entry.time)).toTimeString().slice(0, 8);
      const msg = String(entry.msg ?? '');
      // Fields the message already shows (the start-up summary) are not repeated after it.
      const extras = Object.entries(entry)
        .filter(([k, v]) => !SKIPPED.has(k) && k !== 'err' && v !== undefined && !msg.includes(String(v)))
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      const err = entry.err as { stack?: string; message?: string } | undefined;
      const text = [`${time} ${LEVELS[Number(entry.level)] ?? 'INFO '} ${msg}`, ...extras].join(' ');
      out.write(`${text}\n${err ? `${err.stack ?? err.message}\n` : ''}`);
    },
  };
}
