import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testClock } from '../../../test/support/clock.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { manualRecurring } from '../../../test/support/recurring.ts';

/**
 * POST /vbanks issues the account at the PG, so the PG can refund it: for every PG with vbank, a
 * REST-issued account deposited through the fake PG's control becomes paid by the PG's own deposit
 * notification and is then refunded in full (to the refund account) through POST /payments/cancel.
 */
const pgs = ['jtnet', 'kicc', 'payco'] as const;

for (const driver of testDrivers()) {
  describe(`REST vbanks issued at the PG, deposited and refunded [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver, manualRecurring(), clock.now); });
    after(async () => gw.close());

    for (const pg of pgs) {
      it(`${pg}: issued by the fake PG, paid by its notification, refunded with the refund account`, async () => {
        const merchantUid = `vbpg_${pg}`;
        const issued = await gw.call('POST', '/vbanks', { json: { merchant_uid: merchantUid, amount: 21000, vbank_code: '004', vbank_due: clock.now() + 86400, name: '주문', buyer_name: '홍길동', pg } });
        assert.equal(issued.body.code, 0, issued.raw);
        const p = issued.body.response;
        assert.equal(p.status, 'ready');
        assert.equal(p.pg_provider, pg);
        assert.equal(p.vbank_code, '004');
        assert.equal(p.vbank_name, 'KB국민은행');
        assert.ok(p.pg_tid && !p.pg_tid.startsWith('sbx_vbank_'), `the PG's tid: ${p.pg_tid}`);
        assert.equal(gw.simulators[pg].approvedCharges(p.imp_uid), 0, 'nothing deposited yet');

        // Before the deposit the PG refuses a refund (nothing was paid), and the payment stays ready.
        const early = await gw.call('POST', '/payments/cancel', { json: { imp_uid: p.imp_uid, refund_holder: '홍길동', refund_bank: '088', refund_account: '110123456789' } });
        assert.notEqual(early.body.code, 0);
        assert.equal((await gw.call('GET', `/payments/${p.imp_uid}`)).body.response.status, 'ready');

        const paid = await gw.call('POST', `/vbanks/${p.imp_uid}/sandbox-deposit`);
        assert.equal(paid.body.code, 0, paid.raw);
        assert.equal(paid.body.response.status, 'paid');
        assert.equal(paid.body.response.paid_at, clock.now());
        assert.equal(gw.simulators[pg].approvedCharges(p.imp_uid), 1, 'the deposit happened at the fake PG');
        const again = await gw.call('POST', `/vbanks/${p.imp_uid}/sandbox-deposit`);
        assert.notEqual(again.body.code, 0, 'a paid account takes no second deposit');

        const cancelled = await gw.call('POST', '/payments/cancel', { json: { imp_uid: p.imp_uid, reason: '환불', refund_holder: '홍길동', refund_bank: '088', refund_account: '110123456789' } });
        assert.equal(cancelled.body.code, 0, cancelled.raw);
        assert.equal(cancelled.body.response.status, 'cancelled');
        assert.equal(cancelled.body.response.cancel_amount, 21000);
      });
    }

    it('the deposit control answers only to the admin token', async () => {
      const r = await fetch(`${gw.sandboxUrl}/_control/kicc/vbanks/x/deposit`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 401);
    });
  });
}
