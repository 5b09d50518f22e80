/**
 * POST /payments/cancel when the PG's answer is lost (issue 13, defect 1): a timeout, or a fault
 * between the PG's answer and the commit (the database gone, as after a kill). The cancel attempt was
 * written down before the PG call; it is settled from the PG's own record, by the same request, the
 * next cancel of the payment or the background re-check: a refund the PG made is recorded once with
 * its webhook, one it never made releases the hold. A hold is never permanent.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { baseParams, returnFromPg } from '../../../test/checkout/checkout-driver.ts';
import { cardChoice, throughSandboxWindow } from '../../../test/checkout/sandbox-driver.ts';
import { testClock } from '../../../test/support/clock.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { interceptPgCalls, type PgAnswer } from '../../../test/support/pg-faults.ts';
import { resolveUnknownCancels } from '../../app/settle-cancel-attempt.ts';
import type { Db } from '../../storage/db.ts';
import { findChannel } from '../../storage/merchants.ts';
import { getPayment } from '../../storage/payments.ts';

/** What a fault does with a cancel request to the PG: `forward` delivers it (the PG refunds). */
type Fault = (forward: () => Promise<PgAnswer>) => Promise<PgAnswer>;

const isCancelCall = (url: URL, init?: RequestInit): boolean => init?.method === 'POST' && /\/(cancel|revise|refunds?)$/.test(url.pathname);

for (const driver of testDrivers()) {
  describe(`cancel recovery: lost PG answers are settled from the PG's record [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    let realDb: Db;
    let fault: Fault | null = null;
    let dbDown = false;
    let n = 0;

    before(async () => {
      // The suite runs every re-check itself: the gateway's own (every 30 s) would settle an attempt between them.
      gw = await startGateway(driver, { unknownAttemptRecheckSec: 3600 }, clock.now);
      // A KICC billing key issued through the sandbox window: settling a lost cancel needs the PG's status lookup,
      // which KICC has and tPay (JTNet) does not publish (docs/pgs/jtnet.md).
      const run = await throughSandboxWindow(gw, baseParams({ pg: 'kicc', amount: 0, customer_uid: 'payer' }), cardChoice('approve'));
      await returnFromPg(gw, run.impUid, run.back.fields);
      assert.equal((await gw.call('GET', '/subscribe/customers/payer')).body.response?.pg_provider, 'kicc');
      interceptPgCalls(gw, (url, init, forward) => {
        const f = fault;
        if (!f || !isCancelCall(url, init)) return forward();
        fault = null;
        return f(forward);
      });
      // The database can "go away" (a killed process never commits): every statement then fails.
      realDb = gw.ctx.db;
      const gone = () => Promise.reject(new Error('Connection terminated unexpectedly'));
      gw.ctx.db = {
        ...realDb,
        query: ((sql: string, params?: readonly unknown[]) => (dbDown ? gone() : realDb.query(sql, params))) as Db['query'],
        tx: ((fn: Parameters<Db['tx']>[0]) => (dbDown ? gone() : realDb.tx(fn))) as Db['tx'],
      };
    });
    after(async () => {
      gw.ctx.db = realDb;
      await gw.close();
    });
    beforeEach(async () => {
      fault = null;
      dbDown = false;
      await gw.pgNotifications.release();
    });

    const pay = async (amount = 10_000) => {
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'payer', merchant_uid: `rc_${driver}_${++n}`, amount, notice_url: 'http://127.0.0.1:9/hook' } });
      assert.equal(r.body.response.status, 'paid', r.raw);
      return r.body.response as { imp_uid: string };
    };
    const cancel = (impUid: string, amount: number) => gw.call('POST', '/payments/cancel', { json: { imp_uid: impUid, amount, reason: 'recovery', enable_webhook: true } });
    const get = async (impUid: string) => (await gw.call('GET', `/payments/${impUid}`)).body.response;
    /** The PG's own books for the payment, through its status lookup (KICC: per cancel attempt). */
    const pgRefunds = async (impUid: string) => {
      const [row] = await realDb.query('select merchant_id from payments where imp_uid = $1', [impUid]);
      const p = (await getPayment(realDb, Number(row!.merchant_id), impUid))!;
      const channel = (await findChannel(realDb, p.merchantId, p.channelId!))!;
      // Asked as the settlement asks, about each cancel attempt (KICC's lookup answers one call per key,
      // with the balance after it): the most refunded is what the PG holds now.
      const attempts = await realDb.query<{ attempt_id: string }>('select attempt_id from payment_cancel_attempts where imp_uid = $1', [impUid]);
      let total = 0;
      for (const id of [undefined, ...attempts.map((x) => x.attempt_id)]) {
        const status = await gw.ctx.pg.connector(p.pgProvider)!.getTransaction(gw.ctx.pg.contextFor(channel), { orderId: impUid, cancelRequestId: id });
        assert.equal(status.kind, 'approved');
        if (status.kind === 'approved') total = Math.max(total, status.refunds.total);
      }
      return total;
    };
    const cancelWebhooks = async (impUid: string) =>
      (await realDb.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where imp_uid = $1 and event_kind = 'payment.cancelled'`, [impUid]))[0]!.n;
    /** Past the lease of any attempt started now (PG timeout 2 s in tests): no PG call of it can still run. */
    const afterLease = () => clock.advance(10);

    it('a PG timeout on a cancel the PG made: the same request answers it cancelled, recorded once with its webhook', async () => {
      const p = await pay();
      fault = async (forward) => {
        await forward();
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      };
      const r = await cancel(p.imp_uid, 3000);
      assert.equal(r.body.code, 0, r.raw);
      assert.equal(r.body.response.cancel_amount, 3000);
      assert.equal(r.body.response.cancel_history.length, 1);
      assert.ok(r.body.response.cancel_history[0].pg_tid, 'the PG cancel id from its record');
      afterLease();
      assert.equal(await resolveUnknownCancels(gw.ctx), 0, 'nothing left open');
      assert.equal((await get(p.imp_uid)).cancel_history.length, 1);
      assert.equal(await cancelWebhooks(p.imp_uid), 1);
      assert.equal(await pgRefunds(p.imp_uid), 3000);
      assert.equal((await cancel(p.imp_uid, 7000)).body.response.status, 'cancelled', 'no hold is left behind');
    });

    it('a PG timeout on a cancel the PG never made: unknown (hold kept) until its lease ends, then released by the re-check', async () => {
      const p = await pay();
      fault = async () => {
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      };
      const r = await cancel(p.imp_uid, 3000);
      assert.deepEqual([r.status, r.body.code, r.body.response], [500, -1, null]);
      assert.match(r.body.message, /PG사 응답을 받지 못해/);
      assert.equal((await cancel(p.imp_uid, 3000)).body.message, '같은 결제건에 대한 다른 취소요청이 처리 중입니다.', 'the PG may still be refunding: not released yet');
      afterLease();
      assert.equal(await resolveUnknownCancels(gw.ctx), 1);
      const after = await get(p.imp_uid);
      assert.deepEqual([after.status, after.cancel_amount, after.cancel_history.length], ['paid', 0, 0]);
      assert.equal(await cancelWebhooks(p.imp_uid), 0);
      const again = await cancel(p.imp_uid, 3000);
      assert.equal(again.body.response.cancel_amount, 3000, again.raw);
      assert.equal(await pgRefunds(p.imp_uid), 3000, 'refunded once');
    });

    it('the database gone between the PG answer and the commit: the next cancel after the lease records that refund first', async () => {
      const p = await pay();
      gw.pgNotifications.hold(); // KICC's refund notification (50 ms after its answer) would settle it first: it comes last here
      fault = async (forward) => {
        const res = await forward();
        dbDown = true; // as if the process was killed right after the PG answered
        return res;
      };
      const r = await cancel(p.imp_uid, 3000);
      assert.equal(r.status, 500);
      assert.ok(!/Connection|imp_|illegal/.test(r.body.message), `no internals in ${r.body.message}`);
      dbDown = false; // a restarted process on the same database
      assert.equal((await get(p.imp_uid)).cancel_amount, 0);
      assert.equal((await cancel(p.imp_uid, 2000)).body.message, '같은 결제건에 대한 다른 취소요청이 처리 중입니다.', 'within the lease the first may still be running');
      afterLease();
      const next = await cancel(p.imp_uid, 2000);
      assert.equal(next.body.code, 0, next.raw);
      assert.deepEqual(next.body.response.cancel_history.map((h: { amount: number; reason: string }) => [h.amount, h.reason]), [[3000, 'recovery'], [2000, 'recovery']]);
      assert.equal(next.body.response.cancel_amount, 5000);
      assert.equal(await pgRefunds(p.imp_uid), 5000);
      assert.equal(await cancelWebhooks(p.imp_uid), 2, 'one webhook per refund');
      assert.ok((await gw.pgNotifications.release(1)) >= 1, "KICC's refund notifications were held");
      assert.deepEqual([(await get(p.imp_uid)).cancel_history.length, await cancelWebhooks(p.imp_uid)], [2, 2], 'the late notifications record nothing again');
    });

    it('the database gone between the PG answer and the commit: the background re-check records the refund, once', async () => {
      const p = await pay();
      gw.pgNotifications.hold(); // as above: the re-check, not KICC's notification, is what this proves
      fault = async (forward) => {
        const res = await forward();
        dbDown = true;
        return res;
      };
      assert.equal((await cancel(p.imp_uid, 10_000)).status, 500);
      dbDown = false;
      assert.equal(await resolveUnknownCancels(gw.ctx), 0, 'not before its lease ends');
      afterLease();
      assert.deepEqual(await Promise.all([resolveUnknownCancels(gw.ctx), resolveUnknownCancels(gw.ctx)]).then((a) => a.sort()), [0, 1], 'two re-checks at once settle it once');
      const after = await get(p.imp_uid);
      assert.deepEqual([after.status, after.cancel_amount, after.cancel_history.length], ['cancelled', 10_000, 1]);
      assert.equal(await cancelWebhooks(p.imp_uid), 1);
      assert.equal((await cancel(p.imp_uid, 0)).body.message, '이미 전액취소된 주문입니다.');
      assert.ok((await gw.pgNotifications.release(1)) >= 1, "KICC's notifications of the refund were held");
      assert.deepEqual([(await get(p.imp_uid)).cancel_history.length, await cancelWebhooks(p.imp_uid)], [1, 1], 'the late notifications record nothing again');
    });

    it('concurrent cancels still never exceed the balance, and a checksum mismatch still changes nothing', async () => {
      const p = await pay(10_000);
      const replies = await Promise.all(Array.from({ length: 6 }, () => cancel(p.imp_uid, 4000)));
      const ok = replies.filter((r) => r.body.code === 0).length;
      assert.ok(ok >= 1 && ok <= 2, `ok=${ok}`);
      const after = await get(p.imp_uid);
      assert.equal(after.cancel_amount, ok * 4000);
      assert.equal(await pgRefunds(p.imp_uid), ok * 4000);
      const attempts = async () => (await realDb.query<{ n: number }>('select count(*)::int as n from payment_cancel_attempts where imp_uid = $1', [p.imp_uid]))[0]!.n;
      const made = (await realDb.query(`select 1 from payment_cancel_attempts where imp_uid = $1 and outcome = 'made'`, [p.imp_uid])).length;
      assert.equal(made, ok);
      const before = await attempts();
      const bad = await gw.call('POST', '/payments/cancel', { json: { imp_uid: p.imp_uid, amount: 1000, checksum: 10_000 } });
      assert.match(bad.body.message, /checksum/);
      assert.equal(await attempts(), before, 'a refused checksum records no attempt');
      assert.equal((await get(p.imp_uid)).cancel_amount, ok * 4000);
    });
  });
}
