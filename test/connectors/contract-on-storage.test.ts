/**
 * The shared connector contract, for every PG, against its fake PG over real HTTP (the sandbox server
 * as `npm start` runs it, here in this thread), the fake PGs keeping their books in their own database
 * on PGlite and on PostgreSQL.
 */
import { after, before, describe } from 'node:test';
import { sandboxChannel, type ChannelCredentials, type ConnectorContext } from '../../src/connectors/contract.ts';
import { runConnectorContract } from '../../src/connectors/contract.case.ts';
import { connectors } from '../../src/connectors/registry.ts';
import { seedThroughBrick } from '../../src/connectors/paymentwall/seed.case.ts';
import { paycoInputs } from '../../src/connectors/payco/window-inputs.case.ts';
import { notificationSink, seedKeyThroughWindow } from '../../src/connectors/window-flow.case.ts';
import type { Provider } from '../../src/core/payment.ts';
import type { Db } from '../../src/storage/db.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox-wiring.ts';
import { openTestDb, testDrivers } from '../support/db.ts';

// The books live in a real database shared with every suite running in parallel, where one commit can
// stall for over a second (a CI run hit 1.5 s); the "PG timeout" card still answers after twice this.
const TIMEOUT_MS = 4000;
// The fake PGs run on the real clock: KICC's request dates must be today in Korea.
const channels: Record<Provider, ChannelCredentials> = {
  jtnet: sandboxChannel('tpaytest1m'),
  payco: sandboxChannel('AUTOPAY'),
  kicc: sandboxChannel('T5102002'),
  paymentwall: sandboxChannel('pw_demo_project', { secret: 'pw_demo_secret' }),
};

for (const driver of testDrivers()) {
  describe(`connector contract over HTTP against the fake PGs, books on ${driver}`, () => {
    let db: Db;
    let sandbox: RunningSandbox;
    const sink = notificationSink();
    before(async () => {
      db = await openTestDb(driver);
      sandbox = await startSandbox(db, { port: 0, host: '127.0.0.1', adminToken: 'contract-admin', timeoutDelayMs: TIMEOUT_MS * 2 }, { now: () => Math.floor(Date.now() / 1000), notify: sink.notify });
    });
    after(async () => {
      await sandbox.close();
      await db.close();
    });

    for (const [provider, connector] of Object.entries(connectors) as [Provider, (typeof connectors)[keyof typeof connectors]][]) {
      // The suite asks for a context only once its tests run, after the fake PGs listen.
      const ctx = (): ConnectorContext => ({ fetch, baseUrl: `${sandbox.url}/${provider}`, timeoutMs: TIMEOUT_MS, channel: channels[provider] });
      runConnectorContract({
        name: `${provider} [${driver}]`, connector, makeContext: ctx, approvedCharges: (orderId) => sandbox.simulators![provider].approvedCharges(orderId),
        seedBillingKey: connector.capabilities.apiKeyIn ? undefined
          : provider === 'paymentwall' ? seedThroughBrick : provider === 'payco' ? seedKeyThroughWindow(connector, {}, (card) => paycoInputs(card)) : seedKeyThroughWindow(connector),
      });
    }
  });
}
