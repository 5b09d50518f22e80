/**
 * An open-loop load: request i is due at start + i / rate whatever the earlier replies did, and its
 * latency is measured from that scheduled time, so a stalled server shows as latency instead of as
 * fewer requests sent (coordinated omission). Node's http client with a keep-alive agent whose socket
 * count is not the limit (a socket is opened when none is free).
 */
import { Agent, request } from 'node:http';

export type OpenLoopFigures = {
  rate: number; seconds: number; sent: number; done: number; achievedRps: number;
  p50: number; p90: number; p99: number; max: number; bad: number; errors: number;
  /** How late the generator itself sent requests (its own event loop), p99 and max in ms. */
  sendLagP99: number; sendLagMax: number; sockets: number;
  /**
   * The slowest 1 % by when they were due: how many distinct 100 ms windows of the run they fall in, and
   * the first such window (s from the start). A few windows mean stalls; many mean a steady queue.
   */
  tailWindows: number; tailFirstAtS: number | null;
  /** The slowest 1 %: when each was due (epoch ms) and its latency, for lining up with the server's and the machine's timelines (tail.ts). */
  slowest: { dueAt: number; ms: number }[];
};

export type OpenLoopRequest = { method: string; path: string; headers: Record<string, string>; body?: string };

const pct = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!);
const ms1 = (x: number) => Math.round(x * 10) / 10;

export async function openLoop(o: { base: string; rate: number; seconds: number; make: (i: number) => OpenLoopRequest; ok: (status: number, body: string) => boolean }): Promise<OpenLoopFigures> {
  const url = new URL(o.base);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const n = Math.round(o.rate * o.seconds);
  const interval = 1000 / o.rate;
  const latencies: number[] = [];
  const dueOf: number[] = [];
  const lags: number[] = [];
  let bad = 0;
  let errors = 0;
  let done = 0;
  let sent = 0;
  const start = performance.now() + 20;
  let finished!: () => void;
  const all = new Promise<void>((r) => (finished = r));
  const settle = () => ++done === n && finished();

  const send = (i: number, due: number) => {
    const r = o.make(i);
    lags.push(performance.now() - due);
    const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.body === undefined ? r.headers : { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        latencies.push(performance.now() - due);
        dueOf.push(due - start);
        if (!o.ok(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))) bad++;
        settle();
      });
    });
    req.on('error', () => {
      errors++;
      settle();
    });
    req.end(r.body);
  };

  const tick = () => {
    const now = performance.now();
    while (sent < n && start + sent * interval <= now) send(sent, start + sent++ * interval);
    if (sent < n) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
  };
  setTimeout(tick, 20);
  await all;
  const elapsed = (performance.now() - start) / 1000;
  const sockets = Object.values(agent.freeSockets).reduce((a, s) => a + (s?.length ?? 0), 0);
  agent.destroy();
  const byLatency = latencies.map((l, i) => [l, dueOf[i]!] as const).sort((a, b) => b[0] - a[0]);
  const tail = byLatency.slice(0, Math.max(1, Math.ceil(byLatency.length / 100))).map(([, d]) => Math.floor(d / 100));
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    rate: o.rate, seconds: o.seconds, sent, done, achievedRps: Math.round(done / elapsed),
    p50: ms1(pct(latencies, 50)), p90: ms1(pct(latencies, 90)), p99: ms1(pct(latencies, 99)), max: ms1(latencies[latencies.length - 1] ?? 0),
    bad, errors, sendLagP99: ms1(pct(lags, 99)), sendLagMax: ms1(lags[lags.length - 1] ?? 0), sockets,
    tailWindows: new Set(tail).size, tailFirstAtS: tail.length > 0 && byLatency.length > 0 ? Math.min(...tail) / 10 : null,
    slowest: byLatency.slice(0, tail.length).map(([l, d]) => ({ dueAt: Math.round(performance.timeOrigin + start + d), ms: ms1(l) })),
  };
}
