import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGateway, type TestGateway } from '../../test/support/gateway.ts';
import { checkPrepared, createPrepare } from './prepare-payment.ts';

describe('checkPrepared: the checkout compares amounts exactly, in integers (reference §8.1)', () => {
  let gw: TestGateway;
  let merchantId: number;
  before(async () => {
    gw = await startGateway();
    merchantId = gw.demo.merchant.id;
    await createPrepare(gw.ctx, merchantId, 'krw', 14000, null);
    await createPrepare(gw.ctx, merchantId, 'usd', '20.5', 'USD');
    await createPrepare(gw.ctx, merchantId, 'any', 10, null);
  });
  after(async () => gw.close());

  it('nothing registered -> no check', async () => {
    assert.equal(await checkPrepared(gw.ctx, merchantId, 'unregistered', 1, 'KRW'), null);
  });
  it('same amount passes, a different amount is refused', async () => {
    assert.equal(await checkPrepared(gw.ctx, merchantId, 'krw', 14000, 'KRW'), null);
    assert.match((await checkPrepared(gw.ctx, merchantId, 'krw', 14001, 'KRW'))!, /14000.*14001/);
  });
  it('a registered currency must match too', async () => {
    assert.equal(await checkPrepared(gw.ctx, merchantId, 'usd', 2050, 'USD'), null);
    assert.match((await checkPrepared(gw.ctx, merchantId, 'usd', 2050, 'EUR'))!, /통화/);
  });
  it('without a registered currency the wire amounts are compared across scales', async () => {
    assert.equal(await checkPrepared(gw.ctx, merchantId, 'any', 10, 'KRW'), null);
    assert.equal(await checkPrepared(gw.ctx, merchantId, 'any', 1000, 'USD'), null, 'USD 10.00 == 10');
    assert.notEqual(await checkPrepared(gw.ctx, merchantId, 'any', 1001, 'USD'), null);
  });
});
