import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { insertTestPayment } from '../../../test/support/payments.ts';
import { manualRecurring } from '../../../test/support/recurring.ts';

describe('escrow delivery /escrows/logis/{imp_uid} (reference §3.7)', () => {
  let gw: TestGateway;
  before(async () => { gw = await startGateway('pglite', manualRecurring()); });
  after(async () => gw.close());
  const body = (over: Record<string, unknown> = {}) => ({ sender: { name: '판매자' }, receiver: { name: '구매자' }, logis: { company: 'CJGLS', invoice: '123456789', sent_at: 1_700_000_000, ...over } });

  it('registers once for a paid KICC escrow vbank payment, then updates and reads it', async () => {
    const p = await insertTestPayment(gw, { pgProvider: 'kicc', payMethod: 'vbank', escrow: true });
    const r = await gw.call('POST', `/escrows/logis/${p.impUid}`, { json: body() });
    assert.equal(r.body.code, 0, r.raw);
    assert.deepEqual(Object.keys(r.body.response).sort(), ['applied_at', 'company', 'invoice', 'sent_at']);
    assert.equal(r.body.response.company, 'CJGLS');
    assert.equal((await gw.call('POST', `/escrows/logis/${p.impUid}`, { json: body() })).status, 409);
    const put = await gw.call('PUT', `/escrows/logis/${p.impUid}`, { json: body({ company: 'unknown-courier', invoice: '999' }) });
    assert.equal(put.body.response.company, 'ETC', 'unknown couriers become ETC');
    assert.equal((await gw.call('GET', `/escrows/logis/${p.impUid}`)).body.response.invoice, '999');
  });

  it('refuses non-escrow payments, unsupported PGs, unknown imp_uids and missing fields', async () => {
    const plain = await insertTestPayment(gw, { pgProvider: 'kicc', payMethod: 'vbank', escrow: false });
    assert.equal((await gw.call('POST', `/escrows/logis/${plain.impUid}`, { json: body() })).status, 400);
    const card = await insertTestPayment(gw, { pgProvider: 'kicc', payMethod: 'card', escrow: true });
    assert.equal((await gw.call('POST', `/escrows/logis/${card.impUid}`, { json: body() })).status, 400);
    assert.equal((await gw.call('POST', '/escrows/logis/imp_000000000000', { json: body() })).status, 404);
    const ok = await insertTestPayment(gw, { pgProvider: 'kicc', payMethod: 'trans', escrow: true });
    const missing = await gw.call('POST', `/escrows/logis/${ok.impUid}`, { json: { logis: { company: 'CJGLS', sent_at: 1 } } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /invoice/);
    assert.equal((await gw.call('GET', `/escrows/logis/${ok.impUid}`)).status, 409, 'none registered');
    assert.equal((await gw.call('PUT', `/escrows/logis/${ok.impUid}`, { json: body() })).status, 409, 'none to edit');
  });
});
