/**
 * Serves a simulator over a real HTTP socket (node:http), so connectors can be tested through the
 * global fetch exactly as they reach a PG; also usable to run a sandbox PG as its own process.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from './contract.ts';

export type SimulatorServer = { url: string; close(): Promise<void> };

async function toRequest(msg: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i < msg.rawHeaders.length; i += 2) headers.append(msg.rawHeaders[i]!, msg.rawHeaders[i + 1]!);
  const method = msg.method ?? 'GET';
  const chunks: Buffer[] = [];
  for await (const chunk of msg) chunks.push(chunk as Buffer);
  const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
  return new Request(new URL(msg.url ?? '/', origin), { method, headers, body });
}

/** Listens on 127.0.0.1 (port 0 = any free port); `url` has no trailing slash. */
export async function serveSimulator(simulator: Simulator, port = 0): Promise<SimulatorServer> {
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
    server.listen(port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections(); // a timed-out call may still hold its socket
      }),
  };
}
