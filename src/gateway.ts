/**
 * The composition root: storage -> context -> connectors -> HTTP server. The fake PGs are another
 * program (src/sandbox-wiring.ts), reached only over HTTP at `sandbox.url`: main.ts starts them in a
 * worker thread, tests on a socket of their own; the gateway gets their URL and admin token.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { ensureDemoMerchant, type DemoMerchant } from './app/merchant-admin.ts';
import type { AppContext, EventSink, PgAccess } from './app/context.ts';
import { resolveUnknownAttempts } from './app/resolve-unknown-attempts.ts';
import { resolveUnknownCancels } from './app/settle-cancel-attempt.ts';
import { loadOrCreateKeyFile, parseKey, secretBox } from './app/secret-box.ts';
import { notifyUrlOf, pgNotifyUrl } from './app/start-checkout.ts';
import { tokenCache } from './app/token-cache.ts';
import { buildServer } from './api/server.ts';
import { paymentView } from './api/views/payment.ts';
import { consolePlugin } from './console/plugin.ts';
import { recheckSeconds, type Config } from './config.ts';
import type { ConnectorContext } from './connectors/contract.ts';
import { capabilitiesOf, channelSpecOf, connectorFor } from './connectors/registry.ts';
import { sandboxControls } from './connectors/sandbox-controls.ts';
import { registerSandboxChannels } from './app/sandbox-merchants.ts';
import { credentialFields, type Credentials } from './core/channel.ts';
import type { Logger } from './logger.ts';
import type { Db } from './storage/db.ts';
import { migrate } from './storage/migrate.ts';
import { openDb } from './storage/open.ts';
import type { Channel } from './storage/merchants.ts';
import { TOKENS_CHANNEL } from './storage/tokens.ts';
import { recurringSettings, recurringSink, startBackground, type Background } from './recurring-wiring.ts';
import { checkoutPages } from './pages/index.ts';
import { outboundFetch } from './outbound-fetch.ts';
import { pgEndpoints } from './pg-endpoints.ts';
import { pgFetch } from './pg-fetch.ts';
import { pooledRandom } from './random-pool.ts';
import { selfFetch, type SelfFetch } from './self-fetch.ts';

export type GatewayOptions = {
  config: Config;
  db: Db;
  log: Logger;
  now?: () => number;
  /** Extra HTML surfaces (checkout, console) and their wiring. */
  plugins?: (ctx: AppContext) => FastifyPluginAsync[];
  events?: EventSink;
  /** The running fake PGs (their URL and admin token); absent = none: sandbox channels then reach `config.sandbox.url`, with no controls. */
  sandbox?: { url: string; adminToken: string } | null;
  /** OPENIMP_BENCH: what `GET /__bench/usage` answers (start.ts: CPU of the process, its main thread, the fake PGs' worker). */
  benchUsage?: () => unknown;
};

export type Gateway = {
  ctx: AppContext;
  app: FastifyInstance;
  demo: DemoMerchant;
  /** The scheduler and webhook outbox loops of this process (null when disabled by config). */
  background: Background;
  /** A fetch that reaches this gateway in process for its own public URL (tests hand it to in-thread fake PGs). */
  selfFetch: typeof fetch;
  close(): Promise<void>;
};

/** Storage migrated, secrets box, PG access: what both the server and the CLI run on. */
export async function createContext(opts: Pick<GatewayOptions, 'config' | 'db' | 'log' | 'now' | 'events' | 'sandbox'>): Promise<{ ctx: AppContext; outboxWake: { kick(): void }; self: SelfFetch }> {
  const { config, db, log } = opts;
  await migrate(db);
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const key = config.encryptionKey ? parseKey(config.encryptionKey) : loadOrCreateKeyFile(config.dataDir);
  const box = secretBox(key);
  // confirm_urls aimed at our own public URL (the demo shop) are delivered in process.
  const self = selfFetch(config.publicUrl);
  // The fake PGs are reached over HTTP only, as a real PG is (pgFetch keeps connections alive).
  const sandboxUrl = (opts.sandbox?.url ?? config.sandbox.url ?? 'http://sandbox.invalid').replace(/\/$/, '');
  const endpoints = pgEndpoints(channelSpecOf, config.pgOverrides);
  const pg: PgAccess = {
    connector: connectorFor,
    capabilities: capabilitiesOf,
    channelSpec: channelSpecOf,
    contextFor(channel: Channel): ConnectorContext {
      const credentials = Object.fromEntries(credentialFields.map((f) => [f, channel.sealed[f] ? box.open(channel.sealed[f]) : null])) as Credentials;
      const base = { fetch: pgFetch, now, timeoutMs: config.pgTimeoutMs, channel: { mode: channel.mode, pgId: channel.pgId, ...credentials } };
      if (channel.mode !== 'sandbox') return { ...base, baseUrl: endpoints.hostFor(channel.provider, channel.mode) };
      return { ...base, baseUrl: `${sandboxUrl}/${channel.provider}` };
    },
    notifyUrl: (channel) => notifyUrlOf({ publicUrl: config.publicUrl }, channel, false),
    merchantNotifyUrl: (provider) => (connectorFor(provider)?.window?.orderOf ? pgNotifyUrl(config.publicUrl, provider) : null),
    acceptsNotificationFrom: (channel, sourceIp) => channel.mode === 'sandbox' || endpoints.acceptsFrom(channel.provider, channel.mode, sourceIp),
    sandbox: opts.sandbox ? sandboxControls({ url: opts.sandbox.url, adminToken: opts.sandbox.adminToken }) : null,
  };

  const outbox = recurringSink(now, config.recurring);
  const ctx: AppContext = {
    db, now, log, box, pg, tokens: tokenCache(), outbound: { allowPrivate: config.allowPrivateUrls },
    random: pooledRandom(),
    events: opts.events ?? outbox.sink,
    recurring: recurringSettings(config.recurring),
  };
  return { ctx, outboxWake: outbox.wake, self };
}

/** For one-shot tools (the CLI): opens the configured database and builds the context on it. */
export async function openContext(config: Config, log: Logger): Promise<{ ctx: AppContext; close(): Promise<void> }> {
  const db = await openDb(config);
  try {
    const { ctx } = await createContext({ config, db, log });
    return { ctx, close: () => db.close() };
  } catch (e) {
    await db.close();
    throw e;
  }
}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const { config, log } = opts;
  const { ctx, outboxWake, self } = await createContext(opts);
  // confirm_urls are the merchant's: only to addresses the outbound policy allows (our own pages in process).
  const toMerchant = selfFetch(config.publicUrl, outboundFetch(ctx.outbound));
  const demo = await ensureDemoMerchant(ctx, config.demo);
  await registerSandboxChannels(ctx);
  const app = await buildServer({ ctx, log, bodyLimitBytes: config.bodyLimitBytes, trustProxy: config.trustProxy, benchRoutes: config.benchRoutes, benchUsage: opts.benchUsage, plugins: [consolePlugin(ctx, { secureCookies: config.publicUrl.startsWith('https:') }), checkoutPages({ ctx, deps: { publicUrl: config.publicUrl, fetch: toMerchant.fetch }, demoMerchantCode: demo.merchant.code, paymentView }), ...(opts.plugins?.(ctx) ?? [])] });
  self.attach(app);
  toMerchant.attach(app);

  const recheckSec = recheckSeconds(config);
  if (recheckSec.raisedFrom !== null) {
    log.warn(`OPENIMP_UNKNOWN_RECHECK_SEC=${recheckSec.raisedFrom} is below the PG timeout (OPENIMP_PG_TIMEOUT_MS=${config.pgTimeoutMs}): re-checking every ${recheckSec.sec} s instead, so a re-check never races a PG call still running`);
  }
  // Charges and cancels whose PG outcome is unknown are settled from the PG's own records.
  const recheck = setInterval(() => {
    resolveUnknownAttempts(ctx, recheckSec.sec, 100, { fetch: toMerchant.fetch }).catch((err) => log.error({ err }, 'unknown-attempt re-check failed'));
    resolveUnknownCancels(ctx).catch((err) => log.error({ err }, 'unknown-cancel re-check failed'));
  }, recheckSec.sec * 1000);
  recheck.unref();
  const background = startBackground(ctx, config.recurring, outboxWake);
  // The token cache is on only while this process hears revocations made by the others.
  const unlisten = await ctx.db.listen(TOKENS_CHANNEL, { notify: (impKey) => ctx.tokens.evictKey(impKey), ready: () => ctx.tokens.enable(), lost: () => ctx.tokens.disable() });

  return {
    ctx, app, demo, background, selfFetch: self.fetch,
    async close() {
      clearInterval(recheck);
      await unlisten();
      ctx.tokens.disable();
      await background.stop();
      await app.close();
      await ctx.db.close();
    },
  };
}
