// The built-in SMTP listener for inbound mail (INBOUND_SMTP_PORT). It accepts a recipient only when
// a workspace's channel settings list its address or domain — anything else is 550, so it can never
// relay — and hands each message to the same pipeline as the webhook and IMAP.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { workspaceForRecipient } from './inbound-recipients.ts';
import { ingestEmail } from './ingest-email.ts';

const MAX_RECIPIENTS = 50;

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

type Ingest = (workspaceId: string, raw: Buffer) => Promise<unknown>;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startInboundSmtp(
  deps: Deps,
  opts: { port: number; host?: string; ingest?: Ingest },
): Promise<InboundSmtp> {
  const maxBytes = deps.config.INBOUND_MAX_BYTES;
  const ingest: Ingest = opts.ingest ?? ((workspaceId, raw) => ingestEmail(deps, workspaceId, raw, { via: 'smtp' }));
  const log = deps.logger.child({ component: 'inbound-smtp' });
  // The workspaces the accepted recipients of a transaction belong to, per connection.
  const accepted = new WeakMap<SMTPServerSession, Map<string, string>>();

  const server = new SMTPServer({
    name: new URL(deps.config.PUBLIC_URL ?? 'http://localhost').hostname,
    banner: 'Dossier inbound mail',
    // Inbound only: nobody signs in, and nothing is ever relayed (see onRcptTo).
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    maxClients: 100,
    disableReverseLookup: true,
    socketTimeout: 60_000,
    logger: false,
    onMailFrom(_address, session, callback) {
      accepted.set(session, new Map());
      callback();
    },
    onRcptTo(address, session, callback) {
      const recipients = accepted.get(session) ?? new Map<string, string>();
      accepted.set(session, recipients);
      if (recipients.size >= MAX_RECIPIENTS) return callback(smtpError(452, 'Too many recipients'));
      workspaceForRecipient(deps.database.db, address.address).then(
        (workspaceId) => {
          if (!workspaceId) {
            log.info({ to: address.address, remote: session.remoteAddress }, 'inbound mail refused: unknown recipient');
            return callback(smtpError(550, `No mailbox here by the name ${address.address}`));
          }
          recipients.set(address.address.toLowerCase(), workspaceId);
          callback();
        },
        (err: unknown) => {
          log.error({ err }, 'inbound mail: recipient lookup failed');
          callback(smtpError(451, 'Temporary failure, try again later'));
        },
      );
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit the rest is drained unread; smtp-server answers 552 itself.
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, 'Message exceeds the size limit'));
        const raw = Buffer.concat(chunks);
        // Mail to two workspaces' addresses is delivered to each of them once.
        const workspaces = new Set(accepted.get(session)?.values());
        Promise.all([...workspaces].map((w) => ingest(w, raw))).then(
          () => callback(null, 'Message accepted'),
          (err: unknown) => {
            // A message we can never take (no From, empty) is refused for good, or the sender retries for days.
            if (err instanceof AppError && err.status < 500) {
              log.info({ err: err.detail }, 'inbound mail refused');
              return callback(smtpError(554, `Message refused: ${err.detail}`));
            }
            log.error({ err }, 'inbound mail could not be stored');
            callback(smtpError(451, 'Temporary failure storing the message, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (err) => log.error({ err }, 'inbound SMTP listener error'));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host ?? deps.config.INBOUND_SMTP_HOST, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info({ port }, 'inbound SMTP listener started');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
