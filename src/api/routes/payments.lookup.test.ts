import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { card } from '../../../test/support/cards.ts';
import { testClock } from '../../../test/support/clock.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { secondMerchant } from '../../../test/support/merchant.ts';
import { readPayment } from '../../storage/payments.ts';

/** Every PaymentAnnotation key of reference §2 that V1 clients read. */
const paymentKeys = [
  'imp_uid', 'merchant_uid', 'pay_method', 'channel', 'pg_provider', 'emb_pg_provider', 'pg_tid', 'pg_id', 'escrow', 'apply_num',
  'bank_code', 'bank_name', 'card_code', 'card_name', 'card_issuer_code', 'card_issuer_name', 'card_publisher_code', 'card_publisher_name',
  'card_quota', 'card_number', 'card_type', 'vbank_code', 'vbank_name', 'vbank_num', 'vbank_holder', 'vbank_date', 'vbank_issued_at',
  'name', 'amount', 'cancel_amount', 'currency', 'buyer_name', 'buyer_email', 'buyer_tel', 'buyer_addr', 'buyer_postcode', 'custom_data',
  'user_agent', 'status', 'started_at', 'paid_at', 'failed_at', 'cancelled_at', 'fail_reason', 'cancel_reason', 'receipt_url',
  'cancel_history', 'cancel_receipt_urls', 'cash_receipt_issued', 'customer_uid', 'customer_uid_usage', 'sandbox',
  'deposit_history', 'promotion',
];

for (const driver of testDrivers()) {
  describe(`payment lookups (reference §2, §3.1) [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    const made: Record<string, { imp_uid: string; merchant_uid: string }> = {};
    before(async () => {
      gw = await startGateway(driver, {}, clock.now);
      await gw.call('POST', '/subscribe/customers/ok', { json: card('approveShinhan') });
      await gw.call('POST', '/subscribe/customers/no', { json: card('declined') });
      const again = async (key: string, customer: string, merchantUid: string, extra = {}) => {
        clock.advance(10);
        const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: customer, merchant_uid: merchantUid, amount: 1000, name: key, ...extra } });
        made[key] = r.body.response;
      };
      await again('paid1', 'ok', 'm_paid1', { custom_data: { plan: 'pro' }, buyer_name: '홍길동' });
      await again('failedA', 'no', 'm_retry');
      await again('paidB', 'ok', 'm_retry');
      await again('paid2', 'ok', 'm_paid2');
      await gw.call('POST', '/payments/cancel', { json: { imp_uid: made.paid2!.imp_uid } });
    });
    after(async () => gw.close());

    it('GET /payments/{imp_uid}: every field present, integers for amounts and UNIX seconds', async () => {
      const r = await gw.call('GET', `/payments/${made.paid1!.imp_uid}`);
      assert.equal(r.status, 200);
      const p = r.body.response;
      assert.deepEqual(Object.keys(p).sort(), [...paymentKeys].sort());
      assert.equal(p.amount, 1000);
      assert.ok(Number.isInteger(p.paid_at) && p.paid_at === p.started_at);
      assert.equal(p.custom_data, '{"plan":"pro"}', 'custom_data is a JSON string');
      assert.equal(p.currency, 'KRW');
      assert.equal(p.fail_reason, null);
      assert.deepEqual(p.cancel_history, []);
    });

    it('GET /payments/{unknown} -> 404 존재하지 않는 결제정보입니다.', async () => {
      const r = await gw.call('GET', '/payments/imp_999999999999');
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { code: -1, message: '존재하지 않는 결제정보입니다.', response: null });
    });

    it('GET /payments?imp_uid[]=&merchant_uid[]=: 200 all, 207 some, 404 none', async () => {
      const all = await gw.call('GET', `/payments?imp_uid[]=${made.paid1!.imp_uid}&merchant_uid[]=m_paid2`);
      assert.equal(all.status, 200);
      assert.equal(all.body.response.length, 2);
      const some = await gw.call('GET', `/payments?imp_uid[]=${made.paid1!.imp_uid}&imp_uid[]=imp_000000000000`);
      assert.equal(some.status, 207);
      assert.equal(some.body.code, 0);
      assert.equal(some.body.response.length, 1);
      assert.equal((await gw.call('GET', '/payments?imp_uid[]=imp_000000000000')).status, 404);
      assert.equal((await gw.call('GET', '/payments')).status, 400);
    });

    it('find/{merchant_uid}: the newest attempt; with a status, the one in that status', async () => {
      assert.equal((await gw.call('GET', '/payments/find/m_retry')).body.response.imp_uid, made.paidB!.imp_uid);
      assert.equal((await gw.call('GET', '/payments/find/m_retry/failed')).body.response.imp_uid, made.failedA!.imp_uid);
      assert.equal((await gw.call('GET', '/payments/find/m_retry?sorting=started')).body.response.imp_uid, made.failedA!.imp_uid);
      const none = await gw.call('GET', '/payments/find/m_retry/cancelled');
      assert.equal(none.status, 404);
      assert.equal(none.body.message, '존재하지 않는 결제정보입니다.');
      assert.equal((await gw.call('GET', '/payments/find/m_retry/bogus')).status, 400);
    });

    it('findAll/{merchant_uid}: every attempt, paged {total, previous, next, list}', async () => {
      const r = await gw.call('GET', '/payments/findAll/m_retry');
      assert.deepEqual({ ...r.body.response, list: r.body.response.list.length }, { total: 2, previous: 0, next: 0, list: 2 });
      const p1 = await gw.call('GET', '/payments/findAll/m_retry?limit=1');
      assert.deepEqual([p1.body.response.previous, p1.body.response.next], [0, 2]);
      const p2 = await gw.call('GET', '/payments/findAll/m_retry?limit=1&page=2');
      assert.deepEqual([p2.body.response.previous, p2.body.response.next], [1, 0]);
      assert.equal((await gw.call('GET', '/payments/findAll/m_retry/paid')).body.response.total, 1);
      assert.equal((await gw.call('GET', '/payments/findAll/nothing')).status, 404);
      assert.equal((await gw.call('GET', '/payments/findAll/m_retry?limit=1001')).status, 400);
    });

    it('status/{status}: filtered by the time of each status, with from/to and paging', async () => {
      const paid = await gw.call('GET', '/payments/status/paid');
      assert.equal(paid.status, 200);
      assert.deepEqual(paid.body.response.list.map((p: { name: string }) => p.name).sort(), ['paid1', 'paidB']);
      const all = await gw.call('GET', '/payments/status/all?limit=2');
      assert.equal(all.body.response.total, 4);
      assert.equal(all.body.response.list.length, 2);
      assert.equal(all.body.response.next, 2);
      const cancelled = await gw.call('GET', '/payments/status/cancelled');
      assert.equal(cancelled.body.response.list[0].imp_uid, made.paid2!.imp_uid);
      const window = await gw.call('GET', `/payments/status/all?from=${clock.now() + 1}&to=${clock.now() + 100}`);
      assert.equal(window.body.response.total, 0);
      assert.equal((await gw.call('GET', '/payments/status/unknown')).status, 400);
      assert.equal((await gw.call('GET', `/payments/status/all?from=0&to=${clock.now()}`)).status, 400, 'window over 90 days');
      assert.equal((await gw.call('GET', '/payments/status/all?page=99')).status, 400, 'page beyond range');
    });

    it('a merchant never sees another merchant\'s payments', async () => {
      const other = await secondMerchant(gw);
      assert.equal((await gw.call('GET', `/payments/${made.paid1!.imp_uid}`, { token: other.token })).status, 404);
      assert.equal((await gw.call('GET', '/payments/find/m_paid1', { token: other.token })).status, 404);
      assert.equal((await gw.call('GET', `/payments?imp_uid[]=${made.paid1!.imp_uid}`, { token: other.token })).status, 404);
      assert.equal((await gw.call('GET', '/payments/status/all', { token: other.token })).body.response.total, 0);
    });

    it('concurrent lookups, which may share one statement (coalesce.ts), each return only the caller\'s own payment', async () => {
      const other = await secondMerchant(gw);
      const uid = made.paid1!.imp_uid;
      // Sent at once, so the owner's, the other merchant's and the unknown lookup can land in one batch.
      const [mine, theirs, unknown, again] = await Promise.all([
        gw.call('GET', `/payments/${uid}`),
        gw.call('GET', `/payments/${uid}`, { token: other.token }),
        gw.call('GET', '/payments/imp_000000000000'),
        gw.call('GET', `/payments/${uid}`),
      ]);
      assert.equal(mine.status, 200);
      assert.equal(mine.body.response.imp_uid, uid);
      assert.deepEqual(again.body, mine.body);
      assert.equal(theirs.status, 404);
      assert.equal(theirs.body.response, null);
      assert.equal(unknown.status, 404);
    });

    it("one merchant's NUL-byte lookups never fail another merchant's concurrent lookups (issue #13.2)", async () => {
      const other = await secondMerchant(gw);
      const uid = made.paid1!.imp_uid;
      const hostile = ['/payments/%00', `/payments/${uid}%00`, '/payments/find/%00', `/payments?imp_uid[]=${uid}%00`];
      const replies = await Promise.all(Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0 ? gw.call('GET', hostile[i % hostile.length]!, { token: other.token }).then((r) => ({ who: 'other', r })) : gw.call('GET', `/payments/${uid}`).then((r) => ({ who: 'owner', r }))));
      for (const { who, r } of replies) {
        if (who === 'owner') assert.equal(r.status, 200, `owner: ${r.raw.slice(0, 200)}`);
        else assert.ok(r.status >= 400 && r.status < 500, `hostile: ${r.status} ${r.raw.slice(0, 200)}`);
      }
    });

    it('at the storage layer too, a key PostgreSQL cannot hold is "not found" and never fails the batch it would share', async () => {
      const uid = made.paid1!.imp_uid;
      const [row] = await gw.ctx.db.query<{ merchant_id: number }>('select merchant_id from payments where imp_uid = $1', [uid]);
      const owner = Number(row!.merchant_id);
      const reads = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => readPayment(gw.ctx.db, owner, i % 4 === 0 ? `${uid}\u0000` : i % 4 === 1 ? `imp_\ud800` : uid)));
      reads.forEach((o, i) => {
        assert.equal(o.status, 'fulfilled', `read ${i}: ${o.status === 'rejected' ? String(o.reason) : ''}`);
        assert.equal(o.status === 'fulfilled' ? o.value?.impUid ?? null : 'x', i % 4 < 2 ? null : uid, `read ${i}`);
      });
    });
  });
}
