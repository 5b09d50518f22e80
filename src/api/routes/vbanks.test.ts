import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testClock } from '../../../test/support/clock.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { insertTestPayment } from '../../../test/support/payments.ts';
import { manualRecurring } from '../../../test/support/recurring.ts';

for (const driver of testDrivers()) {
  describe(`virtual accounts /vbanks (reference §3.8) [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver, manualRecurring(), clock.now); });
    after(async () => gw.close());
    const issue = (over: Record<string, unknown> = {}) => gw.call('POST', '/vbanks', { json: { merchant_uid: 'vb_1', amount: 15000, vbank_code: '088', vbank_due: clock.now() + 86400, name: '주문', ...over } });

    it('refuses bad input without creating a payment', async () => {
      for (const [over, re] of [[{ vbank_code: '999' }, /vbank_code/], [{ vbank_due: clock.now() - 1 }, /vbank_due/], [{ amount: 10.5 }, /정수/], [{ amount: -1 }, /amount/], [{ amount: '15,000' }, /amount/]] as const) {
        const r = await issue(over);
        assert.notEqual(r.body.code, 0, JSON.stringify(over));
        assert.match(r.body.message, re);
      }
      assert.equal((await gw.call('GET', '/payments/find/vb_1')).status, 404);
    });

    it('issues a ready vbank on a sandbox channel, refuses edits (the PG holds the account), deposits its amount (paid)', async () => {
      const r = await issue();
      assert.equal(r.body.code, 0, r.raw);
      const p = r.body.response;
      assert.equal(p.status, 'ready');
      assert.equal(p.pay_method, 'vbank');
      assert.equal(p.vbank_code, '088');
      assert.equal(p.vbank_name, '신한은행');
      assert.match(p.vbank_num, /^[0-9]{10,16}$/, 'the account number the PG issued');
      // tPay's vbankExpDate is a date (YYYYMMDD): the account is open until the end of that day in Korea, and V1 reports the PG's due.
      const kstEndOfDay = (t: number) => Math.floor((t + 9 * 3600) / 86400) * 86400 + 86400 - 1 - 9 * 3600;
      assert.equal(p.vbank_date, kstEndOfDay(clock.now() + 86400));
      assert.equal(p.vbank_issued_at, clock.now());
      const edited = await gw.call('PUT', `/vbanks/${p.imp_uid}`, { json: { amount: 16000, vbank_due: clock.now() + 3600 } });
      assert.equal(edited.body.code, 1, edited.raw);
      assert.match(edited.body.message, /변경은 PG가 제공하지 않습니다/);
      const paid = await gw.call('POST', `/vbanks/${p.imp_uid}/sandbox-deposit`);
      assert.equal(paid.body.response.status, 'paid');
      assert.equal(paid.body.response.amount, 15000);
      assert.equal((await gw.call('PUT', `/vbanks/${p.imp_uid}`, { json: { amount: 16000 } })).status, 400, 'a paid account is not editable (V1: 400)');
      assert.equal((await gw.call('DELETE', `/vbanks/${p.imp_uid}`)).status, 400);
      assert.equal((await issue()).body.message, '이미 결제가 이루어진 거래건입니다.', 'a paid merchant_uid is refused');
      assert.equal((await gw.call('DELETE', '/vbanks/imp_000000000000')).status, 404);
    });

    it('PUT on a test or live channel\'s account is refused too (no PG changes an issued account); the payment is unchanged', async () => {
      const live = await insertTestPayment(gw, {
        sandbox: false, payMethod: 'vbank', status: 'ready', paidAt: 0, amount: 20000, vbankCode: '004', vbankNum: '12345678901234', vbankDate: clock.now() + 86400, vbankIssuedAt: clock.now(),
      });
      const r = await gw.call('PUT', `/vbanks/${live.impUid}`, { json: { amount: 25000 } });
      assert.equal(r.body.code, 1, r.raw);
      assert.match(r.body.message, /변경은 PG가 제공하지 않습니다/);
      const after = (await gw.call('GET', `/payments/${live.impUid}`)).body.response;
      assert.deepEqual([after.amount, after.vbank_date], [20000, clock.now() + 86400]);
    });

    it('DELETE revokes an unpaid vbank (cancelled) where the PG closes it (KICC; vbanks-at-pg.test.ts)', async () => {
      const p = (await issue({ merchant_uid: 'vb_2', pg: 'kicc' })).body.response;
      const r = await gw.call('DELETE', `/vbanks/${p.imp_uid}`);
      assert.equal(r.body.response.status, 'cancelled');
      assert.equal(r.body.response.cancelled_at, clock.now());
    });

    it('a PG without vbank through the API is refused', async () => {
      const r = await issue({ merchant_uid: 'vb_3', pg: 'paymentwall' });
      assert.equal(r.body.code, 1);
    });
  });
}
