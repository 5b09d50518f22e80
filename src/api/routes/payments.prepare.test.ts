import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { card } from '../../../test/support/cards.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { secondMerchant } from '../../../test/support/merchant.ts';

for (const driver of testDrivers()) {
  describe(`/payments/prepare (reference §3.3, §8.1) [${driver}]`, () => {
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver); });
    after(async () => gw.close());

    it('POST registers, GET returns the same merchant_uid and amount', async () => {
      const r = await gw.call('POST', '/payments/prepare', { json: { merchant_uid: 'prep_1', amount: 14000 } });
      assert.deepEqual(r.body, { code: 0, message: null, response: { merchant_uid: 'prep_1', amount: 14000, currency: null } });
      const g = await gw.call('GET', '/payments/prepare/prep_1');
      assert.deepEqual(g.body.response, { merchant_uid: 'prep_1', amount: 14000, currency: null });
    });

    it('a form body with a digit string works; currency is kept when given', async () => {
      const r = await gw.call('POST', '/payments/prepare', { form: { merchant_uid: 'prep_form', amount: '20.50', currency: 'USD' } });
      assert.deepEqual(r.body.response, { merchant_uid: 'prep_form', amount: 20.5, currency: 'USD' });
    });

    it('an empty or blank merchant_uid is refused with V1\'s message, and nothing is registered (issue #13.9)', async () => {
      for (const merchantUid of ['', '   ']) {
        const r = await gw.call('POST', '/payments/prepare', { json: { merchant_uid: merchantUid, amount: 1000 } });
        assert.equal(r.status, 400, r.raw);
        assert.deepEqual(r.body, { code: -1, message: 'merchant_uid 파라메터가 누락되었습니다.', response: null });
      }
      assert.deepEqual(await gw.ctx.db.query("select merchant_uid from payment_prepares where trim(merchant_uid) = ''"), []);
      const onetime = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: '', amount: 1000, ...card('approveShinhan') } });
      assert.equal(onetime.body.message, 'merchant_uid 파라메터가 누락되었습니다.');
      assert.deepEqual(await gw.ctx.db.query("select imp_uid from payments where merchant_uid = ''"), []);
    });

    it('PUT changes the amount; PUT of an unknown merchant_uid is 404', async () => {
      await gw.call('POST', '/payments/prepare', { json: { merchant_uid: 'prep_put', amount: 1000 } });
      const r = await gw.call('PUT', '/payments/prepare', { json: { merchant_uid: 'prep_put', amount: 2000 } });
      assert.equal(r.body.response.amount, 2000);
      const missing = await gw.call('PUT', '/payments/prepare', { json: { merchant_uid: 'never', amount: 2000 } });
      assert.equal(missing.status, 404);
    });

    it('re-POST of a registered merchant_uid is refused and keeps the first amount', async () => {
      await gw.call('POST', '/payments/prepare', { json: { merchant_uid: 'prep_twice', amount: 1000 } });
      const r = await gw.call('POST', '/payments/prepare', { json: { merchant_uid: 'prep_twice', amount: 9999 } });
      assert.equal(r.body.code, 1);
      assert.match(r.body.message, /PUT/);
      assert.equal((await gw.call('GET', '/payments/prepare/prep_twice')).body.response.amount, 1000);
    });

    it('bad amounts and currencies are 400 and register nothing', async () => {
      for (const body of [{ merchant_uid: 'bad', amount: 'abc' }, { merchant_uid: 'bad', amount: -5 }, { merchant_uid: 'bad', amount: 100.5, currency: 'KRW' }, { merchant_uid: 'bad', amount: 100, currency: 'XYZ' }, { merchant_uid: 'bad' }]) {
        const r = await gw.call('POST', '/payments/prepare', { json: body });
        assert.equal(r.status, 400, JSON.stringify(body));
      }
      assert.equal((await gw.call('GET', '/payments/prepare/bad')).status, 404);
    });

    it('registrations are per merchant', async () => {
      const other = await secondMerchant(gw);
      assert.equal((await gw.call('GET', '/payments/prepare/prep_1', { token: other.token })).status, 404);
      assert.equal((await gw.call('POST', '/payments/prepare', { json: { merchant_uid: 'prep_1', amount: 5 }, token: other.token })).body.code, 0);
    });
  });
}
