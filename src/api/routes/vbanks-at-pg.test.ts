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
 * The account is the PG's at the amount it was issued for: PUT /vbanks is refused (no PG documents
 * changing it), the deposit control takes no other amount, and a deposit notice of another amount
 * changes nothing.
 */
const pgs = ['jtnet', 'kicc', 'payco'] as const;

for (const driver of testDrivers()) {
  describe(`REST vbanks issued at the PG, deposited and refunded [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver, manualRecurring(), clock.now); });
    after(async () => gw.close());
    const control = (pg: string, tid: string, body: unknown) => fetch(`${gw.sandboxUrl}/_control/${pg}/vbanks/${encodeURIComponent(tid)}/deposit`, {
      method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: 'Bearer test-sandbox-admin-token' },
    });

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

        const edit = await gw.call('PUT', `/vbanks/${p.imp_uid}`, { json: { amount: 25000, vbank_due: clock.now() + 3600 } });
        assert.deepEqual([edit.body.code, edit.body.message], [1, '해당 PG사에서 지원하지 않는 기능입니다. (발급된 가상계좌의 금액·입금기한 변경은 PG가 제공하지 않습니다)'], edit.raw);
        const other = await control(pg, p.pg_tid, { depositorName: '홍길동', amount: 25000 });
        assert.equal(other.status, 400, 'a virtual account takes no other amount');
        assert.match((await other.json() as { error: string }).error, /amount is not taken/);
        const unchanged = (await gw.call('GET', `/payments/${p.imp_uid}`)).body.response;
        assert.deepEqual([unchanged.status, unchanged.amount, unchanged.vbank_date], ['ready', 21000, p.vbank_date]);
        assert.equal(gw.simulators[pg].approvedCharges(p.imp_uid), 0, 'nothing deposited at the fake PG');

        const paid = await gw.call('POST', `/vbanks/${p.imp_uid}/sandbox-deposit`);
        assert.equal(paid.body.code, 0, paid.raw);
        assert.equal(paid.body.response.amount, 21000, 'paid what it was issued for');
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

    it('kicc: an (unsigned) deposit notice of another amount is refused, logged and changes nothing', async () => {
      const p = (await gw.call('POST', '/vbanks', { json: { merchant_uid: 'vbpg_kicc_forged', amount: 21000, vbank_code: '004', vbank_due: clock.now() + 86400, pg: 'kicc' } })).body.response;
      const notice = (over: Record<string, unknown>) => gw.app.inject({
        method: 'POST', url: '/pg/kicc/notify', headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ resCd: '0000', resMsg: '정상', mallId: p.pg_id, notiType: '30', pgCno: p.pg_tid, shopOrderNo: p.imp_uid, amount: 21000, depositAmount: 21000, ...over }),
      });
      const lines = gw.logLines.length;
      const less = await notice({ depositAmount: 20000 });
      assert.deepEqual([less.statusCode, less.body], [400, 'amount mismatch']);
      assert.match(gw.logLines.slice(lines).join(''), /vbank deposit amount differs; not marked paid/);
      const more = await notice({ depositAmount: 22000 });
      assert.deepEqual([more.statusCode, more.body], [400, 'amount mismatch']);
      assert.equal((await gw.call('GET', `/payments/${p.imp_uid}`)).body.response.status, 'ready');
      const paid = await gw.call('POST', `/vbanks/${p.imp_uid}/sandbox-deposit`);
      assert.deepEqual([paid.body.response.status, paid.body.response.amount], ['paid', 21000], paid.raw);
    });

    it('DELETE closes the account at KICC first (it then takes no deposit); JTNet and PAYCO document no such call: refused, still ready', async () => {
      const issue = (pg: string) => gw.call('POST', '/vbanks', { json: { merchant_uid: `vbpg_close_${pg}`, amount: 13000, vbank_code: '004', vbank_due: clock.now() + 86400, pg } });
      const k = (await issue('kicc')).body.response;
      const revoked = await gw.call('DELETE', `/vbanks/${k.imp_uid}`);
      assert.equal(revoked.body.code, 0, revoked.raw);
      assert.deepEqual([revoked.body.response.status, revoked.body.response.cancelled_at], ['cancelled', clock.now()]);
      const late = await control('kicc', k.pg_tid, { depositorName: '홍길동' });
      assert.equal(late.status, 409, 'the fake KICC closed the account');
      assert.equal(gw.simulators.kicc.approvedCharges(k.imp_uid), 0);
      assert.equal((await gw.call('DELETE', `/vbanks/${k.imp_uid}`)).status, 400, 'a revoked account is not revoked twice');
      for (const pg of ['jtnet', 'payco']) {
        const p = (await issue(pg)).body.response;
        const r = await gw.call('DELETE', `/vbanks/${p.imp_uid}`);
        assert.deepEqual([r.body.code, r.body.message], [1, '해당 PG사에서 지원하지 않는 기능입니다. (발급된 가상계좌의 발급취소는 PG가 제공하지 않습니다)'], r.raw);
        assert.equal((await gw.call('GET', `/payments/${p.imp_uid}`)).body.response.status, 'ready');
        const paid = await gw.call('POST', `/vbanks/${p.imp_uid}/sandbox-deposit`);
        assert.equal(paid.body.response.status, 'paid', `${pg}: the open account still takes its deposit`);
      }
    });

    it('the deposit control answers only to the admin token', async () => {
      const r = await fetch(`${gw.sandboxUrl}/_control/kicc/vbanks/x/deposit`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 401);
    });
  });
}
