/**
 * POST /payments/cancel on JTNet when tPay's answer is lost (docs/pgs/jtnet.md "Unknown outcomes"):
 * tPay has no status lookup, so a lost *full* refund is asked again (partial_cancel=0 takes the whole
 * balance, so a repeat cannot refund twice): the fake JTNet answers `2001` when the lost call never
 * arrived and `2013` (already cancelled) when it did, and either settles the attempt as refunded, once,
 * with its webhook. A lost *partial* refund is never repeated: it stays open for an operator.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { testClock } from '../../../test/support/clock.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { interceptPgCalls, type PgAnswer } from '../../../test/support/pg-faults.ts';
import { listUnknownAttempts } from '../../app/operator-settlement.ts';
import { resolveUnknownCancels } from '../../app/settle-cancel-attempt.ts';
import type { Db } from '../../storage/db.ts';

/** What a fault does with one refunds call: `forward` delivers it (the fake JTNet acts on it). */
type Fault = (forward: () => Promise<PgAnswer>) => Promise<PgAnswer>;
const timeout = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

for (const driver of testDrivers()) {
  describe(`JTNet: a lost full refund is asked again, a lost partial one is not [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    let realDb: Db;
    /** Faults for the next refunds calls, in order; a call with none left goes through. */
    let faults: Fault[] = [];
    /** What reached the fake JTNet's refunds, and what it answered. */
    let answers: string[] = [];
    let dbDown = false;
    let n = 0;

    before(async () => {
      gw = await startGateway(driver, {}, clock.now);
      interceptPgCalls(gw, async (url, init, forward) => {
        if (!url.pathname.endsWith('/api/v1/refunds')) return forward();
        const delivered = async () => {
          const res = await forward();
          const text = await res.text();
          answers.push(String(JSON.parse(text).result_cd));
          return new Response(text, { status: res.status });
        };
        const f = faults.shift();
        return f ? f(delivered) : delivered();
      });
      const key = await gw.call('POST', '/subscribe/customers/rep_c', { json: { card_number: '9366-0000-0000-0009', expiry: '2030-12', birth: '820213', pwd_2digit: '00' } });
      assert.equal(key.body.code, 0, key.raw);
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
    beforeEach(() => {
      faults = [];
      answers = [];
      dbDown = false;
    });

    const pay = async () => {
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'rep_c', merchant_uid: `rep_${driver}_${++n}`, amount: 10_000, notice_url: 'http://127.0.0.1:9/hook' } });
      assert.equal(r.body.response.status, 'paid', r.raw);
      return r.body.response.imp_uid as string;
    };
    const cancel = (impUid: string, amount?: number) => gw.call('POST', '/payments/cancel', { json: { imp_uid: impUid, ...(amount ? { amount } : {}), reason: 'repeat', enable_webhook: true } });
    const get = async (impUid: string) => (await gw.call('GET', `/payments/${impUid}`)).body.response;
    const cancelWebhooks = async (impUid: string) =>
      (await realDb.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where imp_uid = $1 and event_kind = 'payment.cancelled'`, [impUid]))[0]!.n;
    const answerLost: Fault = async (forward) => {
      await forward();
      throw timeout();
    };
    const neverArrives: Fault = async () => {
      throw timeout();
    };

    it('the full refund was made, its answer lost: the repeat gets 2013 and the request answers cancelled, recorded once', async () => {
      const impUid = await pay();
      faults = [answerLost];
      const r = await cancel(impUid);
      assert.equal(r.body.code, 0, r.raw);
      assert.deepEqual([r.body.response.status, r.body.response.cancel_amount, r.body.response.cancel_history.length], ['cancelled', 10_000, 1]);
      assert.deepEqual(answers, ['2001', '2013'], 'the fake refunded once; the repeat was told it is already cancelled');
      assert.equal(await cancelWebhooks(impUid), 1);
      assert.equal((await cancel(impUid)).body.message, '이미 전액취소된 주문입니다.');
      assert.deepEqual(answers, ['2001', '2013'], 'no further refund call');
    });

    it('the full refund never arrived and its repeat was lost too: unknown until the re-check asks again, which refunds (2001), once', async () => {
      const impUid = await pay();
      faults = [neverArrives, neverArrives];
      const r = await cancel(impUid);
      assert.equal(r.status, 500, r.raw);
      assert.match(r.body.message, /PG사 응답을 받지 못해/);
      clock.advance(10);
      assert.equal(await resolveUnknownCancels(gw.ctx), 1);
      assert.deepEqual(answers, ['2001']);
      const p = await get(impUid);
      assert.deepEqual([p.status, p.cancel_amount, p.cancel_history.length], ['cancelled', 10_000, 1]);
      assert.equal(await cancelWebhooks(impUid), 1);
      assert.equal(await resolveUnknownCancels(gw.ctx), 0, 'nothing left open');
    });

    it('the database gone right after the fake refunded: the next cancel after the lease asks again (2013) and records that refund first', async () => {
      const impUid = await pay();
      faults = [async (forward) => {
        const res = await forward();
        dbDown = true; // as if the process was killed right after tPay answered
        return res;
      }];
      const r = await cancel(impUid);
      assert.equal(r.status, 500);
      dbDown = false;
      clock.advance(10);
      const next = await cancel(impUid);
      assert.equal(next.body.message, '이미 전액취소된 주문입니다.', 'settled first: the payment is cancelled, nothing more to cancel');
      assert.deepEqual(answers, ['2001', '2013']);
      const p = await get(impUid);
      assert.deepEqual([p.status, p.cancel_amount, p.cancel_history.length, p.cancel_history[0].reason], ['cancelled', 10_000, 1, 'repeat']);
      assert.equal(await cancelWebhooks(impUid), 1);
    });

    it('a lost partial refund is not asked again: it keeps its hold after the lease and is listed for an operator', async () => {
      const impUid = await pay();
      faults = [answerLost];
      const r = await cancel(impUid, 3000);
      assert.equal(r.status, 500, r.raw);
      assert.deepEqual(answers, ['2001'], 'one refunds call: no repeat of a part');
      clock.advance(10);
      assert.equal(await resolveUnknownCancels(gw.ctx), 0);
      assert.deepEqual(answers, ['2001']);
      const open = await listUnknownAttempts(gw.ctx, { impUid });
      assert.deepEqual(open.map((x) => [x.kind, x.amount]), [['cancel', 3000]]);
      assert.equal((await get(impUid)).cancel_amount, 0);
      assert.equal((await cancel(impUid, 1000)).body.message, '같은 결제건에 대한 다른 취소요청이 처리 중입니다.');
    });
  });
}
