/**
 * Sandbox reset (POST /sandbox-reset and the console's button): a merchant's sandbox payments,
 * billing keys, schedules, prepares and webhook log are gone, the same merchant_uids can be paid
 * again, and neither another merchant's data nor a test/live channel's data is touched.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChannel } from '../src/app/merchant-admin.ts';
import { newPayment } from '../src/core/payment.ts';
import { insertPayment } from '../src/storage/payments.ts';
import { ConsoleClient, startConsoleGateway } from './console/support.ts';
import { card } from './support/cards.ts';
import { testDrivers } from './support/db.ts';
import type { TestGateway } from './support/gateway.ts';
import { secondMerchant } from './support/merchant.ts';

for (const driver of testDrivers()) {
  describe(`sandbox reset [${driver}]`, () => {
    let gw: TestGateway;
    before(async () => { gw = await startConsoleGateway(driver); });
    after(async () => gw.close());

    const rows = async (table: string, merchantId: number) => Number((await gw.ctx.db.query<{ n: string }>(`select count(*) as n from ${table} where merchant_id = $1`, [merchantId]))[0]!.n);
    const demoId = async () => (await gw.ctx.db.query<{ id: number }>("select id from merchants where code = 'imp12345678'"))[0]!.id;

    /** A billing key, a paid charge (partly cancelled, with a webhook), a prepare and a schedule. */
    async function leaveTestData(tag: string) {
      assert.equal((await gw.call('POST', `/subscribe/customers/${tag}_payer`, { json: card('approveShinhan') })).body.code, 0);
      const paid = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: `${tag}_payer`, merchant_uid: `${tag}_order`, amount: 5000, notice_url: 'http://127.0.0.1:9/hook' } });
      assert.equal(paid.body.response.status, 'paid', JSON.stringify(paid.body));
      assert.equal((await gw.call('POST', '/payments/cancel', { json: { imp_uid: paid.body.response.imp_uid, amount: 1000 } })).body.code, 0);
      assert.equal((await gw.call('POST', '/payments/prepare', { json: { merchant_uid: `${tag}_next`, amount: 7000 } })).body.code, 0);
      const s = await gw.call('POST', '/subscribe/payments/schedule', { json: { customer_uid: `${tag}_payer`, schedules: [{ merchant_uid: `${tag}_later`, schedule_at: gw.ctx.now() + 86400, amount: 3000 }] } });
      assert.equal(s.body.code, 0, JSON.stringify(s.body));
      return paid.body.response.imp_uid as string;
    }

    it('POST /sandbox-reset wipes a sandbox merchant; the same orders can be paid again; others keep theirs', async () => {
      const other = await secondMerchant(gw);
      const theirs = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: 'other_order', amount: 1000, ...card('approveBc') }, token: other.token });
      assert.equal(theirs.body.response.status, 'paid', JSON.stringify(theirs.body));
      const impUid = await leaveTestData('a');
      const id = await demoId();
      assert.ok((await rows('webhook_deliveries', id)) > 0);

      const r = await gw.call('POST', '/sandbox-reset');
      assert.equal(r.status, 200);
      assert.equal(r.body.code, 0);
      const { webhook_deliveries: hooks, ...counts } = r.body.response;
      assert.deepEqual(counts, { payments: 1, billing_keys: 1, schedules: 1, prepares: 1 });
      assert.ok(hooks >= 1);
      assert.equal((await gw.call('GET', `/payments/${impUid}`)).status, 404);
      assert.equal((await gw.call('GET', '/subscribe/customers/a_payer')).status, 404);
      assert.equal((await gw.call('GET', '/payments/prepare/a_next')).status, 404);
      assert.equal((await gw.call('GET', '/subscribe/payments/schedule/a_later')).status, 404);
      for (const table of ['payments', 'billing_keys', 'schedules', 'payment_prepares', 'webhook_deliveries', 'checkout_sessions', 'idempotency_keys']) assert.equal(await rows(table, id), 0, table);
      // The other merchant's payment is untouched, and the demo merchant starts over with the same ids.
      assert.equal((await gw.call('GET', `/payments/${theirs.body.response.imp_uid}`, { token: other.token })).body.response.status, 'paid');
      assert.equal(await leaveTestData('a') === impUid, false);
    });

    it('the console button does the same', async () => {
      await leaveTestData('b');
      const c = new ConsoleClient(gw);
      assert.equal((await c.signIn()).status, 303);
      assert.match((await c.get('/console/sandbox')).body, /action="\/console\/sandbox\/reset"/);
      const page = await c.post('/console/sandbox/reset');
      assert.equal(page.status, 200);
      assert.match(page.body, /role="status">[^<]*결제 2건/);
      assert.equal(await rows('payments', await demoId()), 0);
    });

    it('never touches a test or live channel: its payment and prepare stay, only sandbox rows go', async () => {
      const id = await demoId();
      const live = await addChannel(gw.ctx, id, { provider: 'kicc', pgId: 'LIVEMID01', purpose: 'general', mode: 'live', credentials: { secret: 'kicc-live-secret' } });
      const impUid = 'imp_live00000001';
      await insertPayment(gw.ctx.db, newPayment({ impUid, merchantId: id, merchantUid: 'live_order', channelId: live.id, payMethod: 'card', channel: 'pc', pgProvider: 'kicc', pgId: 'LIVEMID01', sandbox: false, currency: 'KRW', amount: 9000, startedAt: gw.ctx.now() }));
      await gw.call('POST', '/payments/prepare', { json: { merchant_uid: 'live_order', amount: 9000 } });
      await gw.ctx.db.query("insert into billing_keys (merchant_id, customer_uid, channel_id, pg_provider, pg_id, sandbox, pg_billing_key_enc, inserted, updated) values ($1, 'live_payer', $2, 'kicc', 'LIVEMID01', false, 'x', 0, 0)", [id, live.id]);
      const sandboxImp = await leaveTestData('c');

      const r = await gw.call('POST', '/sandbox-reset');
      assert.equal(r.body.code, 0);
      assert.equal((await gw.call('GET', `/payments/${sandboxImp}`)).status, 404);
      assert.equal((await gw.call('GET', `/payments/${impUid}`)).body.response.amount, 9000);
      assert.equal((await gw.call('GET', '/payments/prepare/live_order')).body.response.amount, 9000);
      assert.equal((await gw.ctx.db.query("select 1 from billing_keys where customer_uid = 'live_payer'")).length, 1);
      // A prepare naming no payment may belong to a live checkout in progress: kept while a live channel exists.
      assert.equal((await gw.call('GET', '/payments/prepare/c_next')).body.response.amount, 7000);
    });
  });
}
