/**
 * A whole openimp on a test database, driven over HTTP with fastify.inject, with its fake PGs on a
 * real socket and their own test database (as `npm start` runs them, but in this thread so tests can
 * read their charge counters); the fake PGs reach the gateway in process through its selfFetch.
 */
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.ts';
import { createGateway, type Gateway } from '../../src/gateway.ts';
import type { Provider } from '../../src/core/payment.ts';
import type { SandboxSimulator } from '../../src/sandbox/simulator.ts';
import { startSandbox } from '../../src/sandbox-wiring.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/storage/db.ts';
import { openTestDb, type Driver } from './db.ts';

export const DEMO = { code: 'imp12345678', impKey: 'test_imp_key', impSecret: 'test_imp_secret_0123456789' } as const;

export type Reply = { status: number; body: any; headers: Record<string, unknown>; raw: string };

export type TestGateway = Gateway & {
  driver: Driver;
  /** The fake PGs (in this thread), for their charge counters. */
  simulators: Record<Provider, SandboxSimulator>;
  /** Where the fake PGs listen (`{url}/{pg}/...`). */
  sandboxUrl: string;
  /** The fake PGs' own database (tests may read a fake PG's books; the gateway never does). */
  sandboxDb: Db;
  /** Every log line written so far (to prove secrets never reach the log). */
  logLines: string[];
  /**
   * The fake PGs' notifications to the gateway: `hold()` keeps them back (as a network that delays
   * them would), `release(atLeast)` waits until `atLeast` are held (5 s at most), delivers what was held,
   * in order, resumes delivering and answers how many it delivered.
   */
  pgNotifications: { hold(): void; release(atLeast?: number): Promise<number> };
  token(): Promise<string>;
  call(method: string, url: string, opts?: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string>; token?: string | null }): Promise<Reply>;
};

/**
 * `overrides` may be a function of the fake PGs' URL (known only once they listen): a test or live
 * channel pointed at a fake PG through `pgOverrides` (OPENIMP_<PG>_URL) is a real PG's test system stand-in.
 */
export async function startGateway(driver: Driver = 'pglite', overrides: Partial<Config> | ((sandboxUrl: string) => Partial<Config>) = {}, now?: () => number): Promise<TestGateway> {
  const base: Config = {
    ...loadConfig({}),
    encryptionKey: '00'.repeat(32),
    demo: { merchantCode: DEMO.code, impKey: DEMO.impKey, impSecret: DEMO.impSecret },
    pgTimeoutMs: 2000, // generous under CI load; the "PG timeout" test card answers 200 ms after it
    logLevel: 'debug',
    // No background scheduler/outbox loops in-process: tests drive them (test/support/recurring.ts),
    // and no webhook may leave for a URL a test happened to configure.
    recurring: { ...loadConfig({}).recurring, schedulerEnabled: false, outboxEnabled: false },
    ...(typeof overrides === 'function' ? {} : overrides),
  };
  const logLines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { logLines.push(String(chunk)); cb(); } });
  const db = await openTestDb(driver);
  const sandboxDb = await openTestDb(driver);
  let gwFetch: typeof fetch | null = null;
  let holding = false;
  const held: (() => Promise<void>)[] = [];
  const deliver: typeof fetch = (input, init) => (gwFetch ?? fetch)(input, init);
  const pgNotifications: TestGateway['pgNotifications'] = {
    hold: () => { holding = true; },
    async release(atLeast = 0) {
      // A fake PG notifies a little after its answer (KICC: 50 ms): wait for those the test expects.
      for (const until = Date.now() + 5000; held.length < atLeast && Date.now() < until;) await new Promise((r) => setTimeout(r, 10));
      holding = false;
      const now = held.splice(0);
      for (const send of now) await send();
      return now.length;
    },
  };
  // A "PG timeout" test card answers just after the connector gave up, as a slow PG would.
  const sandbox = await startSandbox(sandboxDb, { port: 0, host: '127.0.0.1', adminToken: 'test-sandbox-admin-token', timeoutDelayMs: base.pgTimeoutMs + 200 }, {
    now, notify: (input, init) => (holding ? new Promise<Response>((resolve, reject) => held.push(() => deliver(input, init).then(resolve, reject))) : deliver(input, init)),
  });
  const config: Config = typeof overrides === 'function' ? { ...base, ...overrides(sandbox.url) } : base;
  let gw: Gateway;
  try {
    gw = await createGateway({ config, db, log: createLogger(config.logLevel, sink), now, sandbox });
  } catch (e) {
    await sandbox.close();
    await sandboxDb.close();
    throw e;
  }
  gwFetch = gw.selfFetch;
  const closeGateway = gw.close;
  let cached: string | null = null;
  const call: TestGateway['call'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const token = opts.token === undefined ? (cached ??= await getToken()) : opts.token;
    if (token) headers.authorization = headers.authorization ?? `Bearer ${token}`;
    let payload: string | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(opts.form).toString();
    }
    const res = await gw.app.inject({ method: method as 'GET', url, headers, payload });
    let body: unknown = null;
    try { body = JSON.parse(res.body); } catch { body = res.body; }
    return { status: res.statusCode, body, headers: res.headers, raw: res.body };
  };
  async function getToken(): Promise<string> {
    const r = await gw.app.inject({ method: 'POST', url: '/users/getToken', payload: { imp_key: DEMO.impKey, imp_secret: DEMO.impSecret } });
    const token = JSON.parse(r.body).response?.access_token;
    if (!token) throw new Error(`getToken failed: ${r.body}`);
    return token;
  }
  return Object.assign(gw, {
    driver, logLines, pgNotifications, token: async () => (cached ??= await getToken()), call, simulators: sandbox.simulators!, sandboxUrl: sandbox.url, sandboxDb,
    async close() {
      await pgNotifications.release();
      await closeGateway();
      await sandbox.close();
      await sandboxDb.close();
    },
  });
}
