/**
 * The one start routine: config -> the fake PGs in a worker thread (unless OPENIMP_SANDBOX_PORT=off) ->
 * storage -> gateway -> listen. `npm start` (main.ts), `npx openimp` (bin.ts) and `startOpenimp()`
 * (index.ts) all start openimp through `startServer`, so whatever it starts, each of them starts.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { firstStartSecrets, writeFirstStartFile } from './first-start.ts';
import { createGateway, type Gateway } from './gateway.ts';
import { createLogger, type Logger } from './logger.ts';
import { startSandboxWorker, type RunningSandbox } from './sandbox-wiring.ts';
import { openDb } from './storage/open.ts';
import { performance } from 'node:perf_hooks';
import { loopStats } from './loop-stats.ts';
import { threadCpuMs } from './thread-cpu.ts';
import type { Db } from './storage/db.ts';

export type Running = {
  config: Config;
  gateway: Gateway;
  driver: Db['driver'];
  /** Where it listens, as browsers and PGs reach it (the public URL). */
  url: string;
  /** The fake PGs' URL (null: off). */
  sandboxUrl: string | null;
  /** Whether this process runs the fake PGs (a worker thread) or only points at them. */
  sandboxHere: boolean;
  close(): Promise<void>;
};

async function startSandbox(config: Config): Promise<RunningSandbox | null> {
  if (config.sandbox.port === null) return null;
  return startSandboxWorker({
    port: config.sandbox.port, host: config.host, adminToken: config.sandbox.adminToken ?? randomBytes(24).toString('base64url'),
    // A "PG timeout" test card answers just after the connector gave up, as a slow PG would.
    timeoutDelayMs: config.pgTimeoutMs + 200,
    databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'sandbox'), schema: config.sandbox.schema,
  });
}

export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<Running> {
  const sandbox = await startSandbox(config);
  // Port 0 picks a free port: sandbox channels then reach it where it listens, unless OPENIMP_SANDBOX_URL says otherwise.
  const sandboxUrl = config.sandbox.url ?? sandbox?.url ?? null;
  let db: Db | null = null;
  let gateway: Gateway | null = null;
  try {
    db = await openDb(config);
    const loop = config.benchRoutes ? loopStats(db.poolStats) : () => null;
    gateway = await createGateway({
      config, db, log,
      sandbox: sandboxUrl && (sandbox || config.sandbox.adminToken) ? { url: sandboxUrl, adminToken: sandbox?.adminToken ?? config.sandbox.adminToken! } : null,
      // The main thread's id is the process id; the fake PGs' worker reports its own.
      benchUsage: () => ({ processCpuUs: process.cpuUsage(), mainThreadCpuMs: threadCpuMs(process.pid), mainActiveMs: performance.eventLoopUtilization().active, loop: loop(), sandbox: sandbox?.usage() ?? null }),
    });
    await gateway.app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await (gateway ? gateway.close() : db?.close());
    await sandbox?.close();
    throw e;
  }
  const g = gateway;
  let closing: Promise<void> | null = null;
  return {
    config, gateway: g, driver: db.driver, url: config.publicUrl, sandboxUrl, sandboxHere: sandbox !== null,
    close: () => (closing ??= g.close().then(() => sandbox?.close())),
  };
}

/** What a started process prints. Secrets of a first start go to a terminal only, else to a 0600 file (first-start.ts). */
export function bannerOf(r: Running, toTerminal: boolean): string {
  const { config, driver } = r;
  const { demo } = r.gateway;
  const books = driver === 'pglite' ? `in ${join(config.dataDir, 'sandbox')}` : `in schema ${config.sandbox.schema}`;
  const lines = [
    '',
    `openimp is listening on ${config.publicUrl} (${driver}${driver === 'pglite' ? `, data in ${config.dataDir}` : ''})`,
    `  REST API docs:      ${config.publicUrl}/docs`,
    `  sandbox PGs:        ${r.sandboxHere ? `${r.sandboxUrl} (worker thread, books ${books})` : r.sandboxUrl ? `${r.sandboxUrl} (not started here)` : 'off'}`,
    `  merchant code:      ${demo.merchant.code}   (IMP.init("${demo.merchant.code}"))`,
  ];
  const secrets = firstStartSecrets(demo, config.publicUrl);
  if (secrets.length > 0 && toTerminal) {
    lines.push(...secrets);
  } else if (secrets.length > 0) {
    const file = writeFirstStartFile(config.dataDir, secrets);
    lines.push(`  imp_key/imp_secret, console sign-in: created now, written to ${file} (mode 0600, not to this log)`);
  } else {
    lines.push('  imp_key/imp_secret: created at first start (use `npm run cli -- keys create` for a new pair)');
  }
  lines.push(`  demo shop:          ${config.publicUrl}/demo`);
  if (config.allowPrivateUrls) {
    lines.push('  private URLs:       allowed: notice_url, webhook URL and confirm_url may reach localhost and private networks (OPENIMP_ALLOW_PRIVATE_URLS=0 refuses them)');
  }
  return lines.join('\n') + '\n\n';
}

/** A process that serves until SIGINT/SIGTERM, printing the banner once it listens. */
export async function serveUntilSignal(config: Config): Promise<void> {
  const running = await startServer(config);
  process.stdout.write(bannerOf(running, process.stdout.isTTY === true));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
}
