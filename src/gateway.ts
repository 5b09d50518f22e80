/**
 * The composition root: storage -> context -> connectors and simulators -> HTTP server.
 * main.ts runs it as a process; tests build one per suite on PGlite or PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { ensureDemoMerchant, type DemoMerchant } from './app/merchant-admin.ts';
import type { AppContext, EventSink, PgAccess } from './app/context.ts';
import { resolveUnknownAttempts } from './app/resolve-unknown-attempts.ts';
import { loadOrCreateKeyFile, parseKey, secretBox } from './app/secret-box.ts';
import { buildServer } from './api/server.ts';
import type { Config } from './config.ts';
import type { ConnectorContext } from './connectors/contract.ts';
import { inProcessFetch } from './connectors/in-process-fetch.ts';
import { capabilitiesOf, connectorFor, createSimulators } from './connectors/registry.ts';
import type { SandboxSimulator } from './connectors/sandbox-simulator.ts';
import type { Provider } from './core/payment.ts';
import type { Logger } from './logger.ts';
import type { Db } from './storage/db.ts';
import { migrate } from './storage/migrate.ts';
import type { Channel } from './storage/merchants.ts';
import { sandboxStore } from './storage/sandbox-records.ts';

export type GatewayOptions = {
  config: Config;
  db: Db;
  log: Logger;
  now?: () => number;
  /** Extra HTML surfaces (checkout, console) and their wiring. */
  plugins?: (ctx: AppContext) => FastifyPluginAsync[];
  events?: EventSink;
};

export type Gateway = {
  ctx: AppContext;
  app: FastifyInstance;
  simulators: Partial<Record<Provider, SandboxSimulator>>;
  demo: DemoMerchant;
  close(): Promise<void>;
};

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const { config, db, log } = opts;
  await migrate(db);
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const key = config.encryptionKey ? parseKey(config.encryptionKey) : loadOrCreateKeyFile(config.dataDir);
  const box = secretBox(key);
  // A "PG timeout" test card answers just after the connector gave up, as a slow PG would.
  const simulators = createSimulators({ store: (pg: Provider) => sandboxStore(db, pg), now, timeoutDelayMs: config.pgTimeoutMs + 200 });

  const pg: PgAccess = {
    connector: connectorFor,
    capabilities: capabilitiesOf,
    contextFor(channel: Channel): ConnectorContext {
      const sim = simulators[channel.provider];
      const remote = config.sandboxBaseUrl;
      return {
        fetch: remote || !sim ? fetch : inProcessFetch(sim),
        baseUrl: `${remote ?? config.publicUrl}/sandbox/${channel.provider}`,
        timeoutMs: config.pgTimeoutMs,
        channel: { pgId: channel.pgId, secret: channel.secretEnc ? box.open(channel.secretEnc) : null, sandbox: channel.sandbox },
      };
    },
  };

  const ctx: AppContext = {
    db, now, log, box, pg,
    random: (n) => randomBytes(n),
    events: opts.events ?? (async () => undefined),
  };
  const demo = await ensureDemoMerchant(ctx, config.demo);
  const app = await buildServer({ ctx, log, bodyLimitBytes: config.bodyLimitBytes, sandbox: simulators as Record<string, SandboxSimulator>, plugins: opts.plugins?.(ctx) });

  const recheck = setInterval(() => {
    resolveUnknownAttempts(ctx, config.unknownAttemptRecheckSec).catch((err) => log.error({ err }, 'unknown-attempt re-check failed'));
  }, Math.max(1, config.unknownAttemptRecheckSec) * 1000);
  recheck.unref();

  return {
    ctx, app, simulators, demo,
    async close() {
      clearInterval(recheck);
      await app.close();
      await db.close();
    },
  };
}
