/**
 * Paymentwall pingbacks at the gateway, on every test database driver: they arrive at
 * `{public URL}/pg/paymentwall/notify` (one URL per project, as an operator enters it at Paymentwall),
 * are verified with the channel's secret and read back through the Payment Status API, answered `OK`,
 * idempotent on `ref` (Paymentwall resends every 30 minutes until it gets `OK`), type 0 paid and
 * type 2 cancelled; a bad signature or an unknown ref is refused and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pwSign } from '../../src/connectors/paymentwall/signature.ts';
import { testDrivers } from '../support/db.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { baseParams, returnFromPg } from './checkout-driver.ts';
import { cardChoice, throughSandboxWindow } from './sandbox-driver.ts';

const SECRET = 'pw_demo_secret'; // the demo Paymentwall channel's secret key

for (const driver of testDrivers()) {
  describe(`paymentwall pingbacks at /pg/paymentwall/notify (${driver})`, () => {
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver); });
    after(async () => gw.close());

    const payment = async (imp: string) => (await gw.call('GET', `/payments/${imp}`)).body.response;
    const counts = async (imp: string) => {
      const [w] = await gw.ctx.db.query<{ n: string }>('select count(*)::text as n from webhook_deliveries where imp_uid = $1', [imp]);
      const [c] = await gw.ctx.db.query<{ n: string }>('select count(*)::text as n from payment_cancellations where imp_uid = $1', [imp]);
      return { webhooks: Number(w!.n), cancellations: Number(c!.n) };
    };
    const pingback = async (fields: Record<string, string>, secret = SECRET) => {
      const signed = { ...fields, sign_version: '3' };
      const query = new URLSearchParams({ ...signed, sig: pwSign(signed, secret, 3) });
      const r = await gw.app.inject({ method: 'GET', url: `/pg/paymentwall/notify?${query}` });
      return { status: r.statusCode, body: r.body };
    };
    const paid = async () => {
      const run = await throughSandboxWindow(gw, baseParams({ pg: 'paymentwall', currency: 'USD', amount: 20, buyer_name: 'Jack Son' }), cardChoice('approve'));
      await returnFromPg(gw, run.impUid, run.back.fields);
      const pay = await payment(run.impUid);
      assert.equal(pay.status, 'paid', JSON.stringify(pay));
      return { imp: run.impUid, ref: pay.pg_tid as string };
    };
    const regular = (imp: string, ref: string) => ({ uid: imp, goodsid: imp, slength: '', speriod: '', type: '0', ref });

    it('a resent payment pingback is answered OK and changes nothing', async () => {
      const { imp, ref } = await paid();
      const before = await counts(imp);
      for (let i = 0; i < 3; i++) assert.deepEqual(await pingback(regular(imp, ref)), { status: 200, body: 'OK' });
      assert.deepEqual(await counts(imp), before);
      assert.equal((await payment(imp)).status, 'paid');
    });

    it('refuses a bad signature, an unknown order and an unknown ref, and changes nothing', async () => {
      const { imp, ref } = await paid();
      const before = await counts(imp);
      assert.equal((await pingback(regular(imp, ref), 'not_the_secret')).status, 400);
      assert.equal((await pingback(regular('imp_000000000000', ref))).status, 400);
      // Correctly signed, a real order, a ref Paymentwall never issued: its Payment Status API knows nothing.
      assert.equal((await pingback({ ...regular(imp, 'b0000000001'), type: '2', reason: '9' })).status, 400);
      assert.deepEqual(await counts(imp), before);
      assert.equal((await payment(imp)).status, 'paid');
    });

    it('a refund is a ticket; the negative pingback cancels the payment once, resent or not', async () => {
      const { imp, ref } = await paid();
      const cancel = await gw.call('POST', '/payments/cancel', { json: { imp_uid: imp, reason: '고객 요청' } });
      assert.equal(cancel.body.code, 0, JSON.stringify(cancel.body));
      assert.equal((await payment(imp)).status, 'paid', 'Paymentwall answers the ticket later');
      // The sandbox Paymentwall answers its tickets now (they are also answered by themselves shortly).
      const answered = await gw.simulators.paymentwall!.handle(new Request('http://gw.test/sandbox/paymentwall/sandbox/refunds/process', { method: 'POST' }));
      assert.equal(answered.status, 200);
      const pay = await payment(imp);
      assert.deepEqual([pay.status, pay.cancel_amount, pay.cancel_history.length, pay.cancel_history[0]?.pg_tid], ['cancelled', 20, 1, `${ref}_2`], JSON.stringify(pay));
      const after = await counts(imp);
      assert.deepEqual(await pingback({ ...regular(imp, ref), type: '2', reason: '9' }), { status: 200, body: 'OK' });
      assert.deepEqual(await counts(imp), after);
    });

    it('a chargeback (a negative pingback nobody asked for) cancels the payment', async () => {
      const { imp, ref } = await paid();
      assert.deepEqual(await pingback({ ...regular(imp, ref), type: '2', reason: '1' }), { status: 200, body: 'OK' });
      const pay = await payment(imp);
      assert.deepEqual([pay.status, pay.cancel_amount, (await counts(imp)).cancellations], ['cancelled', 20, 1]);
    });

    it('a partial cancel is refused before Paymentwall is asked: its refund APIs take no amount', async () => {
      const { imp } = await paid();
      const r = await gw.call('POST', '/payments/cancel', { json: { imp_uid: imp, amount: 5 } });
      assert.notEqual(r.body.code, 0, JSON.stringify(r.body));
      const pay = await payment(imp);
      assert.deepEqual([pay.status, pay.cancel_amount], ['paid', 0]);
    });
  });
}
