/**
 * Serves a fake PG (or the whole sandbox app, server.ts) over a real HTTP socket (node:http): how the
 * sandbox server listens, and how tests reach a fake PG through the global fetch exactly as a PG.
 * A handler with `raw` answers its hot calls (server API calls) from the bytes as they arrived, without
 * building a web `Request`/`Response` for each (the same bytes on the wire, at a fraction of the CPU);
 * whatever `raw` declines goes through `handle`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawCall, RawReply } from './contract.ts';

export type SimulatorServer = { url: string; close(): Promise<void> };

export type Handler = {
  handle(req: Request): Promise<Response>;
  /** The answer to a call it serves without a web Request, or null (nothing done) for `handle` to answer. */
  raw?(call: RawCall): Promise<RawReply | null>;
};

/** Only a plain path reaches `raw`: one the URL parser would keep as it is (no dots, escapes or doubled slashes). */
const plainPath = /^(\/[A-Za-z0-9_-]+)+\/?$/;

function readBody(msg: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    msg.on('data', (c: Buffer) => chunks.push(c));
    msg.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    msg.on('error', reject);
  });
}

function toRequest(msg: IncomingMessage, body: Buffer, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i < msg.rawHeaders.length; i += 2) headers.append(msg.rawHeaders[i]!, msg.rawHeaders[i + 1]!);
  const method = msg.method ?? 'GET';
  // Links a fake PG hands out (receipts, windows) use the host the caller asked for, as behind a real PG's name.
  const host = msg.headers.host && /^[A-Za-z0-9.:[\]-]+$/.test(msg.headers.host) ? `http://${msg.headers.host}` : origin;
  return new Request(new URL(msg.url ?? '/', host), { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body) });
}

function write(res: ServerResponse, status: number, headers: Iterable<[string, string]>, body: string | Buffer): void {
  for (const [name, value] of headers) res.setHeader(name, value);
  res.writeHead(status);
  res.end(body);
}

async function answer(handler: Handler, msg: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const body = await readBody(msg);
  const target = msg.url ?? '/';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (handler.raw && plainPath.test(path)) {
    const r = await handler.raw({ method: msg.method ?? 'GET', path, headers: msg.headers, body });
    if (r) return write(res, r.status, Object.entries(r.headers), r.body);
  }
  const response = await handler.handle(toRequest(msg, body, origin));
  const out = Buffer.from(await response.arrayBuffer());
  write(res, response.status, response.headers, out);
}

/** Listens on `host` (default 127.0.0.1; port 0 = any free port); `url` has no trailing slash. */
export async function serveSimulator(simulator: Handler, port = 0, host = '127.0.0.1'): Promise<SimulatorServer> {
  let origin = '';
  const server = createServer((msg, res) => {
    answer(simulator, msg, res, origin).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  origin = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address}:${addr.port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections(); // a timed-out call may still hold its socket
      }),
  };
}
