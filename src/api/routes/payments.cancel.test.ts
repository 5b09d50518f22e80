import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { card } from '../../../test/support/cards.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { secondMerchant } from '../../../test/support/merchant.ts';

for (const driver of testDrivers()) {
  describe(`POST /payments/cancel (reference §3.2) [${driver}]`, () => {
    let gw: TestGateway;
    let n = 0;
    before(async () => {
      gw = await startGateway(driver);
      await gw.call('POST', '/subscribe/customers/payer', { json: card('approveShinhan') });
    });
    after(async () => gw.close());
    const pay = async (amount = 10_000, extra: Record<string, unknown> = {}) => {
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'payer', merchant_uid: `c_${driver}_${++n}`, amount, ...extra } });
      assert.equal(r.body.response.status, 'paid');
      return r.body.response as { imp_uid: string; merchant_uid: string };
    };
    const cancel = (body: Record<string, unknown>) => gw.call('POST', '/payments/cancel', { json: body });
    const get = async (impUid: string) => (await gw.call('GET', `/payments/${impUid}`)).body.response;

    it('full cancel (amount omitted) -> cancelled with one history entry', async () => {
      const p = await pay();
      const r = await cancel({ imp_uid: p.imp_uid, reason: '고객 요청' });
      assert.equal(r.body.code, 0);
      const c = r.body.response;
      assert.equal(c.status, 'cancelled');
      assert.equal(c.cancel_amount, 10_000);
      assert.equal(c.cancel_reason, '고객 요청');
      assert.ok(c.cancelled_at > 0);
      assert.equal(c.cancel_history.length, 1);
      assert.deepEqual(Object.keys(c.cancel_history[0]).sort(), ['amount', 'cancellation_id', 'cancelled_at', 'pg_tid', 'reason', 'receipt_url']);
      assert.equal(c.cancel_history[0].amount, 10_000);
    });

    it('amount 0 means the whole balance', async () => {
      const p = await pay();
      assert.equal((await cancel({ imp_uid: p.imp_uid, amount: 0 })).body.response.status, 'cancelled');
    });

    it('partial cancels keep paid until the balance is gone, then cancelled', async () => {
      const p = await pay(10_000);
      const a = await cancel({ imp_uid: p.imp_uid, amount: 3000, reason: 'part 1' });
      assert.equal(a.body.response.status, 'paid');
      assert.equal(a.body.response.cancel_amount, 3000);
      const b = await cancel({ imp_uid: p.imp_uid, amount: '2000', reason: 'part 2' });
      assert.equal(b.body.response.cancel_amount, 5000);
      const c = await cancel({ imp_uid: p.imp_uid, amount: 5000, checksum: 5000 });
      assert.equal(c.body.response.status, 'cancelled');
      assert.deepEqual(c.body.response.cancel_history.map((h: { amount: number }) => h.amount), [3000, 2000, 5000]);
    });

    it('every cancel, partial too, sets cancelled_at and cancel_reason to its own (status stays paid)', async () => {
      const p = await pay(10_000);
      assert.deepEqual([(await get(p.imp_uid)).cancelled_at, (await get(p.imp_uid)).cancel_reason], [0, null]);
      const a = (await cancel({ imp_uid: p.imp_uid, amount: 3000, reason: 'part 1' })).body.response;
      assert.deepEqual([a.status, a.cancel_reason, a.cancelled_at], ['paid', 'part 1', a.cancel_history[0].cancelled_at]);
      assert.ok(a.cancelled_at > 0);
      const b = (await cancel({ imp_uid: p.imp_uid, amount: 1000, reason: 'part 2' })).body.response;
      assert.deepEqual([b.status, b.cancel_reason, b.cancelled_at], ['paid', 'part 2', b.cancel_history[1].cancelled_at]);
      // A cancel without a reason keeps the last one given.
      const c = (await cancel({ imp_uid: p.imp_uid, amount: 1000 })).body.response;
      assert.deepEqual([c.status, c.cancel_reason, c.cancelled_at], ['paid', 'part 2', c.cancel_history[2].cancelled_at]);
      const looked = await get(p.imp_uid);
      assert.deepEqual([looked.status, looked.cancel_reason, looked.cancelled_at], ['paid', 'part 2', c.cancelled_at]);
    });

    it('over the balance is refused and changes nothing', async () => {
      const p = await pay(10_000);
      await cancel({ imp_uid: p.imp_uid, amount: 4000 });
      const r = await cancel({ imp_uid: p.imp_uid, amount: 6001 });
      assert.equal(r.body.code, 1);
      assert.equal(r.body.response, null);
      assert.match(r.body.message, /취소가능잔액/);
      assert.equal((await get(p.imp_uid)).cancel_amount, 4000);
    });

    it('a checksum that differs from the cancellable balance is refused and changes nothing', async () => {
      const p = await pay(10_000);
      await cancel({ imp_uid: p.imp_uid, amount: 1000 });
      const r = await cancel({ imp_uid: p.imp_uid, amount: 1000, checksum: 10_000 });
      assert.equal(r.body.code, 1);
      assert.match(r.body.message, /checksum/);
      const after = await get(p.imp_uid);
      assert.equal(after.cancel_amount, 1000);
      assert.equal(after.cancel_history.length, 1);
      assert.equal((await cancel({ imp_uid: p.imp_uid, amount: 1000, checksum: 9000 })).body.response.cancel_amount, 2000);
    });

    it('tax_free may not exceed the cancel amount or the tax-free balance', async () => {
      const p = await pay(10_000, { tax_free: 2000 });
      assert.equal((await cancel({ imp_uid: p.imp_uid, amount: 1000, tax_free: 1500 })).body.code, 1);
      assert.equal((await cancel({ imp_uid: p.imp_uid, amount: 3000, tax_free: 2500 })).body.code, 1);
      assert.equal((await cancel({ imp_uid: p.imp_uid, amount: 3000, tax_free: 2000 })).body.code, 0);
      assert.equal((await cancel({ imp_uid: p.imp_uid, amount: 1000, tax_free: 1 })).body.code, 1, 'tax-free balance is used up');
    });

    it('already fully cancelled -> code 1 이미 전액취소된 주문입니다.', async () => {
      const p = await pay();
      await cancel({ imp_uid: p.imp_uid });
      assert.deepEqual((await cancel({ imp_uid: p.imp_uid })).body, { code: 1, message: '이미 전액취소된 주문입니다.', response: null });
    });

    it('nothing to cancel -> code 1; an invalid imp_uid fails even with a valid merchant_uid (imp_uid wins)', async () => {
      const p = await pay();
      const expected = { code: 1, message: '취소할 결제건이 존재하지 않습니다.', response: null };
      assert.deepEqual((await cancel({ imp_uid: 'imp_000000000000' })).body, expected);
      assert.deepEqual((await cancel({ merchant_uid: 'no-such-order' })).body, expected);
      assert.deepEqual((await cancel({ imp_uid: 'imp_000000000000', merchant_uid: p.merchant_uid })).body, expected);
      assert.equal((await get(p.imp_uid)).status, 'paid');
    });

    it('cancel by merchant_uid finds the paid attempt; a form body works', async () => {
      const p = await pay();
      const r = await gw.call('POST', '/payments/cancel', { form: { merchant_uid: p.merchant_uid, amount: '1000', reason: 'form' } });
      assert.equal(r.body.response.imp_uid, p.imp_uid);
      assert.equal(r.body.response.cancel_amount, 1000);
    });

    it('a failed payment cannot be cancelled', async () => {
      await gw.call('POST', '/subscribe/customers/broke', { json: card('insufficientFunds') });
      const f = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'broke', merchant_uid: `c_${driver}_f`, amount: 1000 } });
      const r = await cancel({ imp_uid: f.body.response.imp_uid });
      assert.equal(r.body.code, 1);
    });

    it('neither imp_uid nor merchant_uid -> 400', async () => {
      const r = await cancel({ amount: 100 });
      assert.equal(r.status, 400);
    });

    it('concurrent partial cancels never exceed the amount', async () => {
      const p = await pay(10_000);
      const replies = await Promise.all(Array.from({ length: 6 }, () => cancel({ imp_uid: p.imp_uid, amount: 4000 })));
      const after = await get(p.imp_uid);
      const ok = replies.filter((r) => r.body.code === 0).length;
      assert.ok(ok >= 1 && ok <= 2, `ok=${ok}`);
      assert.equal(after.cancel_amount, ok * 4000);
      assert.ok(after.cancel_amount <= 10_000);
    });

    it('another merchant cannot cancel the payment', async () => {
      const p = await pay();
      const other = await secondMerchant(gw);
      const r = await gw.call('POST', '/payments/cancel', { json: { imp_uid: p.imp_uid }, token: other.token });
      assert.equal(r.body.message, '취소할 결제건이 존재하지 않습니다.');
      assert.equal((await get(p.imp_uid)).status, 'paid');
    });
  });
}
