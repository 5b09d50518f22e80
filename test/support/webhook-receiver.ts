/** A local webhook receiver on 127.0.0.1 that records every request and answers as told. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { path: string; headers: IncomingHttpHeaders; body: string; at: number };

export type Receiver = {
  url: (path?: string) => string;
  received: Received[];
  /** Decides the status per request (default 200); may delay to test timeouts. */
  respond: (r: Received) => number | Promise<number>;
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const r: Receiver = {
    url: (path = '/hook') => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    respond: () => 200,
    async waitFor(n, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > end) throw new Error(`expected ${n} webhooks, got ${received.length}`);
        await new Promise((res) => setTimeout(res, 10));
      }
      return received;
    },
    close: () => new Promise((res) => {
      server.closeAllConnections();
      server.close(() => res());
    }),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const rec = { path: req.url ?? '', headers: req.headers, body, at: Date.now() };
      received.push(rec);
      const status = await r.respond(rec);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  return r;
}
