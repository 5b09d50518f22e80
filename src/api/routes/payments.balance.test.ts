import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { insertTestPayment } from '../../../test/support/payments.ts';
import { manualRecurring } from '../../../test/support/recurring.ts';

describe('GET /payments/{imp_uid}/balance (reference §3.1, PAYCO only)', () => {
  let gw: TestGateway;
  before(async () => { gw = await startGateway('pglite', manualRecurring()); });
  after(async () => gw.close());

  it('splits a PAYCO payment into tax-free, supply and VAT (VAT = (amount - tax_free) / 11)', async () => {
    const p = await insertTestPayment(gw, { pgProvider: 'payco', amount: 11000, taxFree: 1000 });
    const r = await gw.call('GET', `/payments/${p.impUid}/balance`);
    assert.equal(r.body.code, 0, r.raw);
    assert.equal(r.body.response.amount, 11000);
    assert.deepEqual(r.body.response.primary, { tax_free: 1000, supply: 9091, vat: 909, service: 0 });
    const { tax_free, supply, vat } = r.body.response.primary;
    assert.equal(tax_free + supply + vat, 11000, 'the parts add up to the amount');
    assert.equal(r.body.response.histories.length, 1);
  });

  it('is 405 for other PGs and 404 for unknown payments', async () => {
    const p = await insertTestPayment(gw, { pgProvider: 'kicc' });
    assert.equal((await gw.call('GET', `/payments/${p.impUid}/balance`)).status, 405);
    assert.equal((await gw.call('GET', '/payments/imp_000000000000/balance')).status, 404);
  });
});
