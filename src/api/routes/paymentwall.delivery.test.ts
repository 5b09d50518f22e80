import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { baseParams, returnFromPg } from '../../../test/checkout/checkout-driver.ts';
import { cardChoice, throughSandboxWindow } from '../../../test/checkout/sandbox-driver.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { sandboxStore } from '../../storage/sandbox-records.ts';
import { insertTestPayment } from '../../../test/support/payments.ts';
import { manualRecurring } from '../../../test/support/recurring.ts';

describe('POST /paymentwall/delivery (reference §6.4)', () => {
  let gw: TestGateway;
  before(async () => { gw = await startGateway('pglite', manualRecurring()); });
  after(async () => gw.close());
  const base = (impUid: string, merchantUid: string, over: Record<string, unknown> = {}) => ({
    imp_uid: impUid, merchant_uid: merchantUid, type: 'digital', status: 'delivered', estimated_delivery_datetime: 1_700_000_000,
    estimated_update_datetime: 1_700_000_000, refundable: 'yes', shipping_address_email: 'buyer@example.com', ...over,
  });
  const physical = {
    type: 'physical', carrier_tracking_id: 'T1', carrier_type: 'UPS', shipping_address_country: 'US', shipping_address_city: 'NYC', shipping_address_zip: '10001',
    shipping_address_state: 'NY', shipping_address_street: '1 Main St', shipping_address_phone: '123', shipping_address_firstname: 'Gil', shipping_address_lastname: 'Hong',
  };

  /** A Paymentwall payment the sandbox Paymentwall really made (its Delivery Confirmation API knows only those). */
  async function paidAtPaymentwall() {
    const run = await throughSandboxWindow(gw, baseParams({ pg: 'paymentwall', currency: 'USD', amount: 20.5, buyer_name: 'Jack Son' }), cardChoice('approve'));
    await returnFromPg(gw, run.impUid, run.back.fields);
    const pay = (await gw.call('GET', `/payments/${run.impUid}`)).body.response;
    assert.equal(pay.status, 'paid');
    return { impUid: pay.imp_uid as string, merchantUid: pay.merchant_uid as string, pgTid: pay.pg_tid as string };
  }

  it('accepts digital and complete physical notices and sends them to the Delivery Confirmation API', async () => {
    const p = await paidAtPaymentwall();
    assert.deepEqual((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid) })).body, { code: 0, message: null, response: { success: 1 } });
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid, physical) })).body.code, 0);
    const atPg = await sandboxStore(gw.sandboxDb, 'paymentwall').get<Record<string, string>[]>(`delivery:${p.pgTid}`);
    assert.deepEqual(atPg?.map((d) => [d.payment_id, d.merchant_reference_id, d.type, d.status, d.refundable, d['shipping_address[email]'], d['shipping_address[country]'] ?? null]), [
      [p.pgTid, p.merchantUid, 'digital', 'delivered', 'true', 'buyer@example.com', null],
      [p.pgTid, p.merchantUid, 'physical', 'delivered', 'true', 'buyer@example.com', 'US'],
    ]);
  });

  it('passes on what Paymentwall refuses, and keeps nothing of it', async () => {
    // A payment whose ref Paymentwall does not know: its API refuses the notice.
    const p = await paidAtPaymentwall();
    await gw.ctx.db.query("update payments set pg_tid = 'b0000000000' where imp_uid = $1", [p.impUid]);
    const r = await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid) });
    assert.equal(r.body.code, 0, JSON.stringify(r.body));
    assert.equal(r.body.response.error_code, 4007, JSON.stringify(r.body));
    const kept = await gw.ctx.db.query('select 1 from paymentwall_deliveries where imp_uid = $1', [p.impUid]);
    assert.equal(kept.length, 0);
  });

  it('physical goods need every shipping field; enums and the payment are checked', async () => {
    const p = await paidAtPaymentwall();
    const r = await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid, { ...physical, carrier_tracking_id: undefined, shipping_address_zip: '' }) });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /carrier_tracking_id, shipping_address_zip/);
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid, { status: 'lost' }) })).status, 400);
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid, { refundable: true }) })).status, 400);
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, 'other') })).status, 400);
    const kicc = await insertTestPayment(gw, { pgProvider: 'kicc' });
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(kicc.impUid, kicc.merchantUid) })).body.code, 1);
  });

  it('refuses an unknown or unpaid payment with HTTP 200 and code 1, the only statuses V1 documents here', async () => {
    const unknown = await gw.call('POST', '/paymentwall/delivery', { json: base('imp_000000000000', 'x') });
    assert.deepEqual([unknown.status, unknown.body], [200, { code: 1, message: '존재하지 않는 결제정보입니다.', response: null }]);
    const ready = await insertTestPayment(gw, { pgProvider: 'paymentwall', status: 'ready', paidAt: 0 });
    const unpaid = await gw.call('POST', '/paymentwall/delivery', { json: base(ready.impUid, ready.merchantUid) });
    assert.deepEqual([unpaid.status, unpaid.body.code, unpaid.body.response], [200, 1, null]);
    assert.match(unpaid.body.message, /status: ready/);
    const kept = await gw.ctx.db.query('select 1 from paymentwall_deliveries where imp_uid = $1', [ready.impUid]);
    assert.equal(kept.length, 0);
  });
});
