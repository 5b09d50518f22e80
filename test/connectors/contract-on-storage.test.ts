/**
 * The shared connector contract, for every PG, with each simulator keeping its PG-side books in the
 * database (storage's sandbox store, as a running openimp does) on PGlite and on PostgreSQL.
 */
import { after, before, describe } from 'node:test';
import { sandboxChannel, type ChannelCredentials, type ConnectorContext, type SimulatorStore } from '../../src/connectors/contract.ts';
import { runConnectorContract } from '../../src/connectors/contract.case.ts';
import { inProcessFetch } from '../../src/connectors/in-process-fetch.ts';
import { connectors, createSimulators } from '../../src/connectors/registry.ts';
import { seedThroughBrick } from '../../src/connectors/paymentwall/seed.case.ts';
import { notificationSink, seedKeyThroughWindow } from '../../src/connectors/window-flow.case.ts';
import type { Provider } from '../../src/core/payment.ts';
import type { Db } from '../../src/storage/db.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { sandboxStore } from '../../src/storage/sandbox-records.ts';
import { openTestDb, testDrivers } from '../support/db.ts';

// The books live in a real database shared with every suite running in parallel, where one commit can
// stall for over a second (a CI run hit 1.5 s); the "PG timeout" card still answers after twice this.
const TIMEOUT_MS = 4000;
const channels: Record<Provider, ChannelCredentials> = {
  jtnet: sandboxChannel('tpaytest1m'),
  payco: sandboxChannel('AUTOPAY'),
  kicc: sandboxChannel('T5102002'),
  paymentwall: sandboxChannel('pw_demo_project', { secret: 'pw_demo_secret' }),
};

for (const driver of testDrivers()) {
  describe(`connector contract on the ${driver} sandbox store`, () => {
    let db: Db;
    // Simulators read their store lazily, so they can be built before the database opens.
    const stores = new Map<Provider, ReturnType<typeof sandboxStore>>();
    const lazy = (p: Provider): SimulatorStore => ({
      get: <T>(k: string) => stores.get(p)!.get<T>(k), set: (k, v) => stores.get(p)!.set(k, v),
      setMany: (e) => stores.get(p)!.setMany(e), claim: (k, v, also) => stores.get(p)!.claim(k, v, also),
    });
    const sink = notificationSink();
    const sims = createSimulators({ store: lazy, now: () => 1_750_000_000, timeoutDelayMs: TIMEOUT_MS * 2, notify: sink.notify });
    before(async () => {
      db = await openTestDb(driver);
      await migrate(db);
      for (const p of Object.keys(channels) as Provider[]) stores.set(p, sandboxStore(db, p));
    });
    after(async () => db.close());

    for (const [provider, connector] of Object.entries(connectors) as [Provider, (typeof connectors)[keyof typeof connectors]][]) {
      const sim = sims[provider]!;
      const ctx: ConnectorContext = {
        fetch: inProcessFetch(sim), baseUrl: `http://openimp.test/sandbox/${provider}`, timeoutMs: TIMEOUT_MS,
        channel: channels[provider],
      };
      runConnectorContract({
        name: `${provider} [${driver}]`, connector, makeContext: () => ctx, approvedCharges: sim.approvedCharges,
        seedBillingKey: connector.capabilities.apiKeyIn ? undefined
          : provider === 'paymentwall' ? seedThroughBrick : seedKeyThroughWindow(connector),
      });
    }
  });
}
