/**
 * Serves a fake PG (or the whole sandbox app, server.ts) over a real HTTP socket (node:http): how the
 * sandbox server listens, and how tests reach a fake PG through the global fetch exactly as a PG.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SimulatorServer = { url: string; close(): Promise<void> };

async function toRequest(msg: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i < msg.rawHeaders.length; i += 2) headers.append(msg.rawHeaders[i]!, msg.rawHeaders[i + 1]!);
  const method = msg.method ?? 'GET';
  const chunks: Buffer[] = [];
  for await (const chunk of msg) chunks.push(chunk as Buffer);
  const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
  // Links a fake PG hands out (receipts, windows) use the host the caller asked for, as behind a real PG's name.
  const host = msg.headers.host && /^[A-Za-z0-9.:[\]-]+$/.test(msg.headers.host) ? `http://${msg.headers.host}` : origin;
  return new Request(new URL(msg.url ?? '/', host), { method, headers, body });
}

export type Handler = { handle(req: Request): Promise<Response> };

/** Listens on `host` (default 127.0.0.1; port 0 = any free port); `url` has no trailing slash. */
export async function serveSimulator(simulator: Handler, port = 0, host = '127.0.0.1'): Promise<SimulatorServer> {
  let origin = '';
  const server = createServer((msg, res) => {
    toRequest(msg, origin)
      .then((req) => simulator.handle(req))
      .then(async (response) => {
        const body = Buffer.from(await response.arrayBuffer());
        response.headers.forEach((value, name) => res.setHeader(name, value));
        res.writeHead(response.status);
        res.end(body);
      })
      .catch(() => {
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
