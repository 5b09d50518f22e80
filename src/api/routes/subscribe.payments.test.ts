import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveUnknownAttempts } from '../../app/resolve-unknown-attempts.ts';
import { card } from '../../../test/support/cards.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { interceptPgCalls } from '../../../test/support/pg-faults.ts';

for (const driver of testDrivers()) {
  describe(`/subscribe/payments/onetime and /again (reference §3.4, §1.4) [${driver}]`, () => {
    let gw: TestGateway;
    let n = 0;
    const uid = () => `order_${driver}_${++n}`;
    before(async () => {
      gw = await startGateway(driver);
      for (const [customer, c] of [['good', 'approveShinhan'], ['broke', 'insufficientFunds'], ['slow', 'pgTimeout'], ['broken', 'pgError']] as const) {
        const r = await gw.call('POST', `/subscribe/customers/${customer}`, { json: { ...card(c), customer_email: 'kim@example.com', customer_name: '김철수' } });
        assert.equal(r.body.code, 0, JSON.stringify(r.body));
      }
    });
    after(async () => gw.close());
    const charges = (impUid: string) => gw.simulators.jtnet!.approvedCharges(impUid);

    it('onetime: an approved key-in charge is paid with masked card data', async () => {
      const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: uid(), amount: 3000, name: '정기구독', ...card('approveHyundai'), buyer_name: '홍길동' } });
      assert.equal(r.body.code, 0);
      const p = r.body.response;
      assert.equal(p.status, 'paid');
      assert.equal(p.amount, 3000);
      assert.equal(p.channel, 'api');
      assert.equal(p.pay_method, 'card');
      assert.equal(p.card_number, '936700******0008');
      assert.match(p.imp_uid, /^imp_[0-9]{12}$/);
      assert.ok(p.paid_at > 0 && p.failed_at === 0 && p.cancelled_at === 0);
      assert.equal(p.customer_uid, null);
      assert.equal(charges(p.imp_uid), 1);
    });

    it('onetime with customer_uid also keeps the card as a billing key, buyer_* copied to customer_*', async () => {
      const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: uid(), amount: 1000, ...card('approveBc'), customer_uid: 'from_onetime', buyer_email: 'lee@example.com' } });
      assert.equal(r.body.response.status, 'paid');
      assert.equal(r.body.response.customer_uid, 'from_onetime');
      assert.equal(r.body.response.customer_uid_usage, 'payment');
      const c = await gw.call('GET', '/subscribe/customers/from_onetime');
      assert.equal(c.body.response.customer_email, 'lee@example.com');
      assert.equal(c.body.response.card_code, '361');
    });

    it('a declined charge is code 0 with status "failed" and fail_reason (the critical billing semantic)', async () => {
      const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: uid(), amount: 3000, ...card('limitExceeded') } });
      assert.equal(r.status, 200);
      assert.equal(r.body.code, 0);
      assert.equal(r.body.response.status, 'failed');
      assert.match(r.body.response.fail_reason, /한도초과/);
      assert.ok(r.body.response.failed_at > 0);
      assert.equal(charges(r.body.response.imp_uid), 0);
    });

    it('invalid card data is code -1 with the i\'mport prefix and the PG text', async () => {
      const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: uid(), amount: 3000, ...card('invalidNumber') } });
      assert.equal(r.body.code, -1);
      assert.equal(r.body.response, null);
      assert.match(r.body.message, /^카드정보 인증에 실패하였습니다\. \[F113\]/);
    });

    it('invalid card data (a Luhn-invalid number or the invalid-card test card) leaves no payment, and the order can be paid afterwards (issue #13.9)', async () => {
      for (const number of ['4111-1111-1111-1112', card('invalidNumber').card_number]) {
        const merchantUid = uid();
        const r = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: merchantUid, amount: 3000, ...card('approveHyundai'), card_number: number } });
        assert.equal(r.body.code, -1, r.raw);
        assert.equal((await gw.call('GET', `/payments/find/${merchantUid}`)).status, 404, `${number}: no payment under the merchant_uid`);
        assert.deepEqual(await gw.ctx.db.query('select imp_uid from payments where merchant_uid = $1', [merchantUid]), [], `${number}: no row`);
        const paid = await gw.call('POST', '/subscribe/payments/onetime', { json: { merchant_uid: merchantUid, amount: 3000, ...card('approveHyundai') } });
        assert.equal(paid.body.response?.status, 'paid', paid.raw);
      }
    });

    it('again: charges the billing key; buyer fields default to the stored customer', async () => {
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: uid(), amount: 3000, name: '월 이용료' } });
      assert.equal(r.body.code, 0);
      assert.equal(r.body.response.status, 'paid');
      assert.equal(r.body.response.customer_uid_usage, 'payment');
      assert.equal(r.body.response.buyer_email, 'kim@example.com');
      assert.equal(r.body.response.card_code, '366');
    });

    it('again: a declined billing key is code 0, status failed', async () => {
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'broke', merchant_uid: uid(), amount: 3000 } });
      assert.equal(r.body.code, 0);
      assert.equal(r.body.response.status, 'failed');
      assert.match(r.body.response.fail_reason, /잔액부족/);
    });

    it('again: an unknown customer_uid is code 1 등록되지 않은 구매자입니다.', async () => {
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'nobody', merchant_uid: uid(), amount: 3000 } });
      assert.deepEqual(r.body, { code: 1, message: '등록되지 않은 구매자입니다.', response: null });
    });

    it('amounts: a digit string is accepted (form bodies), anything else is a clear 400 that changes nothing', async () => {
      const form = await gw.call('POST', '/subscribe/payments/again', { form: { customer_uid: 'good', merchant_uid: uid(), amount: '3000' } });
      assert.equal(form.body.response.amount, 3000);
      const countBefore = (await gw.ctx.db.query<{ n: number }>('select count(*)::int as n from payments'))[0]!.n;
      for (const amount of ['3,000', 'abc', 12.5, -100, 0, null, true, '1e3']) {
        const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: uid(), amount } });
        assert.equal(r.status, 400, `amount ${JSON.stringify(amount)}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.code, -1);
        assert.match(r.body.message, /amount/);
      }
      const missing = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: uid() } });
      assert.equal(missing.status, 400);
      assert.equal((await gw.ctx.db.query<{ n: number }>('select count(*)::int as n from payments'))[0]!.n, countBefore);
    });

    it('instalments (card_quota >= 2) need at least 50,000 KRW (reference §8.3)', async () => {
      const small = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: uid(), amount: 49_999, card_quota: 3 } });
      assert.equal(small.status, 400);
      const big = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: uid(), amount: 50_000, card_quota: 3 } });
      assert.equal(big.body.response.card_quota, 3);
    });

    it('a paid merchant_uid cannot be charged again; the PG is not called', async () => {
      const merchantUid = uid();
      const first = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: merchantUid, amount: 1000 } });
      assert.equal(first.body.response.status, 'paid');
      const totalBefore = gw.simulators.jtnet!.stats().totalApprovedCharges;
      const again = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: merchantUid, amount: 1000 } });
      assert.deepEqual(again.body, { code: 1, message: '이미 결제가 이루어진 거래건입니다.', response: null });
      assert.equal(gw.simulators.jtnet!.stats().totalApprovedCharges, totalBefore);
    });

    it('a failed merchant_uid may be retried (each attempt its own imp_uid)', async () => {
      const merchantUid = uid();
      const failed = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'broke', merchant_uid: merchantUid, amount: 1000 } });
      const paid = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: merchantUid, amount: 1000 } });
      assert.equal(failed.body.response.status, 'failed');
      assert.equal(paid.body.response.status, 'paid');
      assert.notEqual(failed.body.response.imp_uid, paid.body.response.imp_uid);
      const all = await gw.call('GET', `/payments/findAll/${merchantUid}`);
      assert.equal(all.body.response.total, 2);
    });

    it('50 identical requests at once: one paid payment, the PG charged once', async () => {
      const merchantUid = uid();
      const totalBefore = gw.simulators.jtnet!.stats().totalApprovedCharges;
      const replies = await Promise.all(Array.from({ length: 50 }, () =>
        gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: merchantUid, amount: 5000 } })));
      const paid = replies.filter((r) => r.body.code === 0 && r.body.response.status === 'paid');
      assert.equal(paid.length, 1);
      for (const r of replies) if (r !== paid[0]) {
        assert.equal(r.body.code, 1);
        assert.ok(['이미 결제가 이루어진 거래건입니다.', '같은 merchant_uid 로 결제가 진행 중입니다.'].includes(r.body.message), r.body.message);
      }
      assert.equal(gw.simulators.jtnet!.stats().totalApprovedCharges - totalBefore, 1);
      const rows = await gw.ctx.db.query<{ n: number }>("select count(*)::int as n from payments where merchant_uid = $1 and status = 'paid'", [merchantUid]);
      assert.equal(rows[0]!.n, 1);
    });

    it('a PG timeout is never guessed: the status check finds the approval', async () => {
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'slow', merchant_uid: uid(), amount: 2000 } });
      assert.equal(r.body.code, 0);
      assert.equal(r.body.response.status, 'paid');
      assert.equal(charges(r.body.response.imp_uid), 1);
    });

    // JTNet publishes no status lookup (docs/pgs/jtnet.md): an unknown charge is settled by asking the PG
    // again with the same order number, which it answers with that order's first result.
    it('a PG error leaves the attempt unknown (500, in flight); the re-check asks again and, while the PG still errors, guesses nothing', async () => {
      const merchantUid = uid();
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'broken', merchant_uid: merchantUid, amount: 2000 } });
      assert.equal(r.status, 500);
      assert.equal(r.body.code, -1);
      assert.equal(r.body.response, null);
      const pending = (await gw.call('GET', `/payments/find/${merchantUid}`)).body.response;
      assert.equal(pending.status, 'ready', 'unknown is not guessed as paid or failed');
      const blocked = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: merchantUid, amount: 2000 } });
      assert.equal(blocked.body.message, '같은 merchant_uid 로 결제가 진행 중입니다.', 'the order stays claimed while unknown');
      assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 0, 'the PG errors again: still unknown');
      assert.equal((await gw.call('GET', `/payments/${pending.imp_uid}`)).body.response.status, 'ready');
      assert.equal(charges(pending.imp_uid), 0);
    });

    it('an attempt whose calls never reached the PG is settled by the re-check asking again with the same order number', async () => {
      const merchantUid = uid();
      let unreachable = 2; // the call and its immediate repeat
      interceptPgCalls(gw, async (url, _init, forward) => {
        if (unreachable > 0 && url.pathname.endsWith('/api/v1/payments_token')) {
          unreachable--;
          return new Response('<html>502 Bad Gateway</html>', { status: 502 });
        }
        return forward();
      });
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'good', merchant_uid: merchantUid, amount: 2000 } });
      assert.equal(r.status, 500);
      const pending = (await gw.call('GET', `/payments/find/${merchantUid}`)).body.response;
      assert.equal(pending.status, 'ready');
      assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 1);
      const settled = (await gw.call('GET', `/payments/${pending.imp_uid}`)).body.response;
      assert.equal(settled.status, 'paid');
      assert.equal(charges(pending.imp_uid), 1);
      assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 0, 'nothing else was left unknown');
    });

    it('GET /subscribe/customers/{uid}/payments lists the key\'s payments, paged', async () => {
      const r = await gw.call('GET', '/subscribe/customers/good/payments');
      assert.equal(r.body.code, 0);
      assert.ok(r.body.response.total >= 3);
      assert.ok(r.body.response.list.every((p: { customer_uid: string }) => p.customer_uid === 'good'));
      assert.equal(r.body.response.previous, 0);
    });
  });
}
