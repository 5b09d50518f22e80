/**
 * The composition root of the fake PGs: their own database -> books -> registered merchants ->
 * fake PGs -> one HTTP server. `startSandboxWorker` runs it off the gateway's event loop (a worker
 * thread, src/sandbox-main.ts), as `npm start` does; tests may call `startSandbox` in their own thread.
 */
import { Worker } from 'node:worker_threads';
import type { Provider } from './core/payment.ts';
import type { SimulatorStore } from './sandbox/contract.ts';
import { serveSimulator } from './sandbox/http-server.ts';
import { merchantRegistry } from './sandbox/merchants.ts';
import { createSimulators } from './sandbox/registry.ts';
import { sandboxApp } from './sandbox/server.ts';
import type { SandboxSimulator } from './sandbox/simulator.ts';
import type { Db } from './storage/db.ts';
import { openDb } from './storage/open.ts';
import { migrateSandboxBooks, sandboxStore } from './storage/sandbox-records.ts';
import { pooledRandom } from './random-pool.ts';
import { threadCpuMs } from './thread-cpu.ts';

export type SandboxSettings = {
  port: number;
  host: string;
  adminToken: string;
  /** How long a "PG timeout" test card keeps its caller waiting (past the gateway's PG timeout). */
  timeoutDelayMs: number;
};

export type SandboxUsage = { cpuMs: number | null; activeMs: number };

export type RunningSandbox = {
  url: string;
  adminToken: string;
  /** In-thread only (tests): the fake PGs themselves, for their charge counters. */
  simulators: Record<Provider, SandboxSimulator> | null;
  /** Worker only: its thread's CPU so far (null off Linux) and its event loop's busy time, in ms. */
  usage(): SandboxUsage | null;
  close(): Promise<void>;
};

/** The fake PGs on `db` (their own database), served on a socket in this thread. */
export async function startSandbox(db: Db, settings: SandboxSettings, extra: { now?: () => number; notify?: typeof fetch } = {}): Promise<RunningSandbox> {
  await migrateSandboxBooks(db);
  const store = (pg: Provider | '_registry'): SimulatorStore => sandboxStore(db, pg);
  const merchants = await merchantRegistry(store('_registry'));
  const simulators = createSimulators({
    // Pooled like the gateway's: one getRandomValues call costs several µs whatever its size, and a charge takes a few.
    store, now: extra.now ?? (() => Math.floor(Date.now() / 1000)), random: pooledRandom(), timeoutDelayMs: settings.timeoutDelayMs,
    notify: extra.notify, merchantKey: merchants.keyOf, merchantCredentials: merchants.credentialsOf, merchantWith: merchants.merchantWith,
    merchantNotifyUrl: merchants.notifyUrlOf,
  });
  const server = await serveSimulator(sandboxApp({ simulators, merchants, adminToken: settings.adminToken }), settings.port, settings.host);
  return { url: server.url, adminToken: settings.adminToken, simulators, usage: () => null, close: server.close };
}

export type SandboxWorkerData = SandboxSettings & { databaseUrl: string | null; dataDir: string; schema: string };

/** The fake PGs in a worker thread with their own database (PGlite in `dataDir`, or `schema` on PostgreSQL). */
export async function startSandboxWorker(data: SandboxWorkerData): Promise<RunningSandbox> {
  // Compiled (dist/, `npx openimp`): the worker runs sandbox-main.js. From TypeScript sources (tsx), it
  // registers the same loader before it loads its entry.
  const compiled = import.meta.url.endsWith('.js');
  const entry = new URL(compiled ? './sandbox-main.js' : './sandbox-main.ts', import.meta.url).href;
  const load = compiled ? `import(${JSON.stringify(entry)})` : `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const boot = `${load}.catch((e) => { require('node:worker_threads').parentPort.postMessage({ error: String(e && e.message || e) }); });`;
  const worker = new Worker(boot, { eval: true, workerData: data });
  const { url, tid } = await new Promise<{ url: string; tid: number | null }>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the sandbox worker exited (${code}) before it listened`)));
    worker.once('message', (m: { url?: string; tid?: number | null; error?: string }) => (m.url ? resolve({ url: m.url, tid: m.tid ?? null }) : reject(new Error(m.error ?? 'sandbox worker failed'))));
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  worker.on('error', (e) => process.stderr.write(`sandbox worker error: ${e instanceof Error ? e.message : String(e)}\n`));
  return {
    url, adminToken: data.adminToken, simulators: null,
    usage: () => ({ cpuMs: threadCpuMs(tid), activeMs: worker.performance.eventLoopUtilization().active }),
    async close() {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The fake PGs' sessions in pg_stat_activity (the api bench tells their backends from the gateway's by it). */
export const SANDBOX_APPLICATION_NAME = 'openimp-fake-pg';

/**
 * The fake PGs' books. On PostgreSQL their sessions plan every statement once (generic plans): all of them
 * read or write sandbox_records by its primary key, and their claim, whose arrays made each custom plan look
 * cheaper than the generic one, was otherwise planned again on every charge (bench/README.md, "plans").
 */
export async function openSandboxDb(data: Pick<SandboxWorkerData, 'databaseUrl' | 'dataDir' | 'schema'>): Promise<Db> {
  return openDb({ databaseUrl: data.databaseUrl, dataDir: data.dataDir, schema: data.databaseUrl ? data.schema : undefined, dbPoolMax: 5, genericPlans: true, applicationName: SANDBOX_APPLICATION_NAME });
}
