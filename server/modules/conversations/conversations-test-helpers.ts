// Real parts for the conversation tests: an SMTP server on a random port that keeps what it receives
// (parsed with mailparser), and a fake Twilio that answers the Messages resource as Twilio does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Mailbox {
  port: number;
  received: ParsedMail[];
  /** user:password of every login. */
  logins: string[];
  /** Set to make the server refuse the next recipients (550). */
  reject: boolean;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<Mailbox> {
  const box: Mailbox = { port: 0, received: [], logins: [], reject: false, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      box.logins.push(`${auth.username}:${auth.password}`);
      callback(null, { user: auth.username });
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (box.reject) {
        const err = Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          box.received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  box.port = (server.server.address() as AddressInfo).port;
  box.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return box;
}

export interface FakeTwilio {
  baseUrl: string;
  requests: { path: string; authorization: string | undefined; form: URLSearchParams }[];
  /** The next answer: Twilio's error document instead of the message resource. */
  failNext: { status: number; code: number; message: string } | null;
  close(): Promise<void>;
}

/** Answers POST /2010-04-01/Accounts/{Sid}/Messages.json with Twilio's message resource (201). */
export async function startFakeTwilio(): Promise<FakeTwilio> {
  const fake: FakeTwilio = { baseUrl: '', requests: [], failNext: null, close: async () => undefined };
  let n = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      fake.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, form });
      const match = /^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/.exec(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (fake.failNext) {
        const f = fake.failNext;
        fake.failNext = null;
        res.statusCode = f.status;
        res.end(
          JSON.stringify({
            code: f.code,
            message: f.message,
            more_info: `https://www.twilio.com/docs/errors/${f.code}`,
            status: f.status,
          }),
        );
        return;
      }
      if (req.method !== 'POST' || !match) {
        res.statusCode = 404;
        res.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
        return;
      }
      const sid = `SM${String(++n).padStart(32, '0')}`;
      const now = new Date().toUTCString();
      res.statusCode = 201;
      res.end(
        JSON.stringify({
          account_sid: match[1],
          api_version: '2010-04-01',
          body: form.get('Body'),
          date_created: now,
          date_sent: null,
          date_updated: now,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: form.get('From'),
          messaging_service_sid: null,
          num_media: '0',
          num_segments: '1',
          price: null,
          price_unit: 'USD',
          sid,
          status: 'queued',
          subresource_uris: { media: `/2010-04-01/Accounts/${match[1]}/Messages/${sid}/Media.json` },
          to: form.get('To'),
          uri: `/2010-04-01/Accounts/${match[1]}/Messages/${sid}.json`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
