// The one-at-a-time scenarios' HTTP client: node:http on kept-alive sockets, the body read whole, decompressed as the
// server sent it (brotli or gzip, asked for as a browser asks) and parsed. Node's fetch did the same through web
// streams and took 2-3 ms a request more for a compressed page of 50 contacts — on the event loop the server runs on
// (the `http` scenarios run the app in the bench's process), so it counted against the server twice.
import http from 'node:http';
import zlib from 'node:zlib';

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface Answer {
  status: number;
  text: string;
  json<T = any>(): T;
}

export function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: init.method ?? 'GET',
        headers: { 'accept-encoding': 'br, gzip', ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            const raw = Buffer.concat(chunks);
            const encoding = res.headers['content-encoding'];
            const body =
              encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : raw;
            const text = body.toString('utf8');
            resolve({ status: res.statusCode ?? 0, text, json: () => JSON.parse(text) });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
