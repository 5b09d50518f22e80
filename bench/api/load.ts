/** The HTTP side: setting up the demo merchant's token and billing key, and bounded autocannon loads. */
import { createRequire } from 'node:module';
import { openLoop, type OpenLoopFigures } from './open-loop.ts';
import { DEMO } from './server-process.ts';

const require = createRequire(import.meta.url);
type Result = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
};
type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (r: Request) => Request; onResponse?: (status: number, body: string) => void };
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<Result>;

export const CUSTOMER_UID = 'bench-customer-1';

async function call(base: string, method: string, path: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { code: number; message: string | null; response: any };
  if (json.code !== 0) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.response;
}

/** A token and one billing key (test card 9366-…-0009 approves) for the demo merchant. */
export async function prepareMerchant(base: string): Promise<string> {
  const { access_token: token } = await call(base, 'POST', '/users/getToken', { imp_key: DEMO.impKey, imp_secret: DEMO.impSecret });
  await call(base, 'POST', `/subscribe/customers/${CUSTOMER_UID}`, { card_number: '9366-0000-0000-0009', expiry: '2030-12', birth: '820213', pwd_2digit: '00' }, token);
  return token;
}

export const againBody = (merchantUid: string) => JSON.stringify({ customer_uid: CUSTOMER_UID, merchant_uid: merchantUid, amount: 1000, name: 'bench' });

export type LoadFigures = { rps: number; p50: number; p99: number; avg: number; max: number; total: number; bad: number; errors: number };

function figures(r: Result, bad: number): LoadFigures {
  return {
    rps: Math.round(r.requests.total / r.duration), p50: r.latency.p50, p99: r.latency.p99, avg: r.latency.average, max: r.latency.max,
    total: r.requests.total, bad: bad + r.non2xx, errors: r.errors + r.timeouts,
  };
}

export type LoadOpts = { base: string; token: string; connections: number; seconds: number };

/** GET /__bench/empty: Fastify, the envelope and the socket, nothing else. */
export async function loadEmpty(o: LoadOpts): Promise<LoadFigures> {
  const r = await autocannon({ url: `${o.base}/__bench/empty`, connections: o.connections, duration: o.seconds });
  return figures(r, 0);
}

/** POST /subscribe/payments/again with a fresh merchant_uid per request; counts answers that are not `paid`. */
export async function loadAgain(o: LoadOpts & { prefix: string; paidImpUids?: string[] }): Promise<LoadFigures> {
  let n = 0;
  let bad = 0;
  const r = await autocannon({
    url: o.base, connections: o.connections, duration: o.seconds,
    requests: [{
      method: 'POST', path: '/subscribe/payments/again', headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
      setupRequest: (req: Request) => ({ ...req, body: againBody(`${o.prefix}-${++n}`) }),
      onResponse: (status: number, body: string) => {
        const m = /"imp_uid":"([^"]+)".*"status":"paid"/.exec(body);
        if (status !== 200 || !m) bad++;
        else if (o.paidImpUids && o.paidImpUids.length < 20_000) o.paidImpUids.push(m[1]!);
      },
    }],
  });
  return figures(r, bad);
}

/** GET /payments/{imp_uid} over existing payments, round robin; counts answers without the payment. */
export async function loadGet(o: LoadOpts & { impUids: string[] }): Promise<LoadFigures> {
  if (o.impUids.length === 0) throw new Error('no imp_uids to read');
  let n = 0;
  let bad = 0;
  const r = await autocannon({
    url: o.base, connections: o.connections, duration: o.seconds,
    requests: [{
      method: 'GET', headers: { authorization: `Bearer ${o.token}` },
      setupRequest: (req: Request) => ({ ...req, path: `/payments/${o.impUids[n++ % o.impUids.length]}` }),
      onResponse: (status: number, body: string) => {
        if (status !== 200 || !body.includes('"status":"paid"')) bad++;
      },
    }],
  });
  return figures(r, bad);
}

/** `again` open loop: one request every 1000/rate ms whatever the replies do (open-loop.ts), fresh merchant_uids. */
import type { LoopStats } from '../../src/loop-stats.ts';

export function loadAgainOpen(o: { base: string; token: string; rate: number; seconds: number; prefix: string }): Promise<OpenLoopFigures> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${o.token}` };
  return openLoop({
    base: o.base, rate: o.rate, seconds: o.seconds,
    make: (i) => ({ method: 'POST', path: '/subscribe/payments/again', headers, body: againBody(`${o.prefix}-${i}`) }),
    ok: (status, body) => status === 200 && body.includes('"status":"paid"'),
  });
}

/** GET /__bench/usage: CPU counters of the server process, its main thread and the fake PGs' worker thread. */
export type Usage = { processCpuUs: { user: number; system: number }; mainThreadCpuMs: number | null; mainActiveMs: number; loop: LoopStats | null; sandbox: { cpuMs: number | null; activeMs: number } | null };
export async function usage(base: string): Promise<Usage> {
  const res = await fetch(`${base}/__bench/usage`);
  return ((await res.json()) as { response: Usage }).response;
}
