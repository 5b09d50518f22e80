import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
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

  it('accepts digital and complete physical notices', async () => {
    const p = await insertTestPayment(gw, { pgProvider: 'paymentwall', currency: 'USD', amount: 2050 });
    assert.deepEqual((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid) })).body, { code: 0, message: null, response: { success: 1 } });
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid, physical) })).body.code, 0);
  });

  it('physical goods need every shipping field; enums and the payment are checked', async () => {
    const p = await insertTestPayment(gw, { pgProvider: 'paymentwall', currency: 'USD', amount: 2050 });
    const r = await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid, { ...physical, carrier_tracking_id: undefined, shipping_address_zip: '' }) });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /carrier_tracking_id, shipping_address_zip/);
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid, { status: 'lost' }) })).status, 400);
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, p.merchantUid, { refundable: true }) })).status, 400);
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(p.impUid, 'other') })).status, 400);
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base('imp_000000000000', 'x') })).status, 404);
    const kicc = await insertTestPayment(gw, { pgProvider: 'kicc' });
    assert.equal((await gw.call('POST', '/paymentwall/delivery', { json: base(kicc.impUid, kicc.merchantUid) })).body.code, 1);
  });
});
