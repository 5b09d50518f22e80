/**
 * A stand-in for a PG's own host, set through `OPENIMP_<PG>_URL`: it records every request that
 * arrives and, so the flow can go on, relays it to a handler (a fake PG) that answers it. No real PG
 * host is ever reached from tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Recorded = { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string };

export type RecordingPg = {
  url: string;
  received: Recorded[];
  /** What answers the recorded requests (set once the fake PG exists). */
  relay: ((req: Recorded) => Promise<Response>) | null;
  close(): Promise<void>;
};

export async function startRecordingPg(): Promise<RecordingPg> {
  const rec: RecordingPg = { url: '', received: [], relay: null, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Recorded = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      rec.received.push(entry);
      const answer = rec.relay ? rec.relay(entry) : Promise.resolve(new Response('no relay', { status: 502 }));
      answer.then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      }, () => {
        res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  rec.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rec.close = () => new Promise<void>((ok) => server.close(() => ok()));
  return rec;
}
