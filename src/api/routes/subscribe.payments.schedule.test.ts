import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { card } from '../../../test/support/cards.ts';
import { testClock } from '../../../test/support/clock.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { manualRecurring } from '../../../test/support/recurring.ts';

for (const driver of testDrivers()) {
  describe(`scheduled payments (reference §3.5) [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    before(async () => { gw = await startGateway(driver, manualRecurring({ scheduleRetryDelaysSec: [3600] }), clock.now); });
    after(async () => gw.close());

    const schedule = (body: unknown) => gw.call('POST', '/subscribe/payments/schedule', { json: body });
    const item = (merchantUid: string, over: Record<string, unknown> = {}) => ({ merchant_uid: merchantUid, schedule_at: clock.now() + 3600, amount: 9900, name: '월 구독', ...over });

    it('unknown customer without card data: code 1 등록된 고객정보가 없습니다.', async () => {
      const r = await schedule({ customer_uid: 'nobody', schedules: [item('s_none')] });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { code: 1, message: '등록된 고객정보가 없습니다.', response: null });
    });

    it('card data on a window-only PG is refused with NO_API_BILLING_MODULE and stores nothing', async () => {
      const r = await schedule({ customer_uid: 'c_payco', pg: 'payco', ...card('approveShinhan'), schedules: [item('s_payco')] });
      assert.equal(r.body.code, 1);
      assert.equal(r.body.message, '비인증결제모듈 사용정보를 찾을 수 없습니다.');
      assert.equal((await gw.call('GET', '/subscribe/customers/c_payco')).status, 404);
      assert.equal((await gw.call('GET', '/subscribe/payments/schedule/s_payco')).status, 404);
    });

    it('amount rules: non-integer KRW, zero, tax_free above amount and past times change nothing', async () => {
      for (const [over, re] of [[{ amount: 99.5 }, /정수/], [{ amount: 0 }, /0보다/], [{ tax_free: 10000 }, /tax_free/], [{ amount: '1e3' }, /amount/], [{ schedule_at: clock.now() - 1 }, /schedule_at/]] as const) {
        const r = await schedule({ customer_uid: 'c_bad', ...card('approveShinhan'), schedules: [item('s_ok'), item('s_bad', over)] });
        assert.notEqual(r.body.code, 0, JSON.stringify(over));
        assert.match(r.body.message, re);
        assert.equal(r.body.response, null);
      }
      assert.equal((await gw.call('GET', '/subscribe/customers/c_bad')).status, 404, 'no billing key was issued');
      assert.equal((await gw.call('GET', '/subscribe/payments/schedule/s_ok')).status, 404, 'all or nothing');
    });

    it('issues the billing key from card data and returns ScheduleResult[] with V1 fields', async () => {
      const r = await schedule({ customer_uid: 'c1', ...card('approveShinhan'), schedules: [item('s1', { buyer_email: 'a@b.c' }), item('s2', { schedule_at: clock.now() + 7200 })] });
      assert.equal(r.body.code, 0, r.raw);
      assert.equal(r.body.response.length, 2);
      const s = r.body.response[0];
      assert.deepEqual(Object.keys(s).sort(), ['amount', 'buyer_addr', 'buyer_email', 'buyer_name', 'buyer_postcode', 'buyer_tel', 'currency', 'custom_data', 'customer_id', 'customer_uid', 'executed_at', 'fail_reason', 'imp_uid', 'merchant_uid', 'name', 'payment_status', 'pg_id', 'pg_provider', 'promotion_id', 'revoked_at', 'schedule_at', 'schedule_status'].sort());
      assert.equal(s.schedule_status, 'scheduled');
      assert.equal(s.payment_status, null);
      assert.equal(s.imp_uid, null);
      assert.equal(s.amount, 9900);
      assert.equal(s.pg_provider, 'jtnet');
      assert.equal((await gw.call('GET', '/subscribe/customers/c1')).body.code, 0);
      const dup = await schedule({ customer_uid: 'c1', schedules: [item('s1')] });
      assert.equal(dup.body.code, 1);
    });

    it('lists by time range, by customer (schedule-status hyphen) and by the alias, as paged objects', async () => {
      const from = clock.now();
      const to = clock.now() + 86400;
      const byTime = await gw.call('GET', `/subscribe/payments/schedule?schedule_from=${from}&schedule_to=${to}&sorting=scheduled`);
      assert.deepEqual(byTime.body.response.list.map((s: any) => s.merchant_uid), ['s1', 's2']);
      assert.equal(byTime.body.response.total, 2);
      assert.equal(byTime.body.response.previous, 0);
      assert.equal(byTime.body.response.next, 0);
      const byCustomer = await gw.call('GET', `/subscribe/payments/schedule/customers/c1?from=${from}&to=${to}&schedule-status=scheduled`);
      assert.deepEqual(byCustomer.body.response.list.map((s: any) => s.merchant_uid), ['s2', 's1'], 'newest first');
      const alias = await gw.call('GET', `/subscribe/customers/c1/schedules?from=${from}&to=${to}&schedule-status=revoked`);
      assert.equal(alias.body.response.total, 0);
      const missing = await gw.call('GET', '/subscribe/payments/schedule/customers/c1');
      assert.equal(missing.status, 400);
    });

    it('PUT moves a pending schedule; past times are refused', async () => {
      const r = await gw.call('PUT', '/subscribe/payments/schedule/s2', { json: { schedule_at: clock.now() + 1800 } });
      assert.equal(r.body.response.schedule_at, clock.now() + 1800);
      const past = await gw.call('PUT', '/subscribe/payments/schedule/s2', { json: { schedule_at: clock.now() - 10 } });
      assert.equal(past.status, 400);
    });

    it('unschedule revokes; nothing to revoke is code 1 취소할 예약결제 기록이 존재하지 않습니다.', async () => {
      const r = await gw.call('POST', '/subscribe/payments/unschedule', { json: { customer_uid: 'c1', merchant_uid: ['s2'] } });
      assert.equal(r.body.code, 0);
      assert.equal(r.body.response[0].schedule_status, 'revoked');
      assert.equal(r.body.response[0].revoked_at, clock.now());
      const again = await gw.call('POST', '/subscribe/payments/unschedule', { form: { customer_uid: 'c1', 'merchant_uid[]': 's2' } });
      assert.deepEqual(again.body, { code: 1, message: '취소할 예약결제 기록이 존재하지 않습니다.', response: null });
      const moved = await gw.call('PUT', '/subscribe/payments/schedule/s2', { json: { schedule_at: clock.now() + 99 } });
      assert.equal(moved.status, 400, 'a revoked schedule cannot be moved');
    });

    it('the test clock runs due schedules once: paid, and a soft decline fails, is announced and retried by policy', async () => {
      await schedule({ customer_uid: 'c_poor', ...card('insufficientFunds'), schedules: [item('s_poor')] });
      const adv = await gw.call('POST', '/sandbox-clock/advance', { json: { seconds: 3600 } });
      assert.equal(adv.body.code, 0, adv.raw);
      assert.equal(adv.body.response.offset, 3600);
      assert.equal(adv.body.response.paid, 1);
      assert.equal(adv.body.response.failed, 1);
      const s1 = (await gw.call('GET', '/subscribe/payments/schedule/s1')).body.response;
      assert.equal(s1.schedule_status, 'executed');
      assert.equal(s1.payment_status, 'paid');
      const p = (await gw.call('GET', `/payments/${s1.imp_uid}`)).body.response;
      assert.equal(p.customer_uid_usage, 'payment.scheduled');
      assert.equal(p.amount, 9900);
      assert.equal(gw.simulators.jtnet!.approvedCharges(s1.imp_uid), 1);
      const poor = (await gw.call('GET', '/subscribe/payments/schedule/s_poor')).body.response;
      assert.equal(poor.payment_status, 'failed');
      assert.match(poor.fail_reason, /잔액부족/);
      const failedPayment = (await gw.call('GET', `/payments/${poor.imp_uid}`)).body.response;
      assert.equal(failedPayment.status, 'failed');
      // advancing again within the hour runs nothing; past the retry delay the soft decline is retried once
      assert.equal((await gw.call('POST', '/sandbox-clock/advance', { json: { seconds: 60 } })).body.response.executed, 0);
      const retried = await gw.call('POST', '/sandbox-clock/advance', { json: { seconds: 3600 } });
      assert.equal(retried.body.response.failed, 1);
      assert.equal((await gw.call('POST', '/sandbox-clock/advance', { json: { seconds: 86400 } })).body.response.executed, 0, 'policy allows one retry');
      const attempts = (await gw.call('GET', '/payments/findAll/s_poor')).body.response;
      assert.equal(attempts.total, 2);
    });

    it('reschedule and retry apply to failed or revoked schedules only', async () => {
      const notFailed = await gw.call('POST', '/subscribe/payments/schedule/s1/retry');
      assert.equal(notFailed.status, 400);
      const re = await gw.call('POST', '/subscribe/payments/schedule/s2/reschedule', { json: { schedule_at: clock.now() + 10 } });
      assert.equal(re.body.response.schedule_status, 'scheduled');
      const retry = await gw.call('POST', '/subscribe/payments/schedule/s_poor/retry');
      assert.equal(retry.body.code, 0);
      assert.equal(retry.body.response.status, 'failed', 'a decline is still code 0 with status failed');
      assert.equal(retry.body.response.customer_uid_usage, 'payment.scheduled');
    });

    it('a scheduled failure is announced by webhook (status failed) to the schedule notice_url', async () => {
      await schedule({ customer_uid: 'c_lost', ...card('limitExceeded'), schedules: [item('s_hook', { notice_url: 'http://127.0.0.1:9/hook', schedule_at: clock.now() + 3600 + 60 })] });
      const adv = await gw.call('POST', '/sandbox-clock/advance', { json: { seconds: 120 } });
      assert.equal(adv.body.response.failed, 1, adv.raw);
      const s = (await gw.call('GET', '/subscribe/payments/schedule/s_hook')).body.response;
      const [d] = (await gw.call('GET', `/webhooks/deliveries?imp_uid=${s.imp_uid}`)).body.response;
      assert.equal(d.url, 'http://127.0.0.1:9/hook');
      assert.deepEqual(JSON.parse(d.body), { imp_uid: s.imp_uid, merchant_uid: 's_hook', status: 'failed' });
      assert.equal(d.state, 'pending');
    });

    it('accepts a form-encoded body with schedules[i][field] keys (reference §1.1)', async () => {
      const at = String(clock.now() + 7200);
      const form = {
        customer_uid: 'c_form', ...card('approveShinhan'),
        'schedules[0][merchant_uid]': 's_form_0', 'schedules[0][schedule_at]': at, 'schedules[0][amount]': '9900',
        'schedules[1][merchant_uid]': 's_form_1', 'schedules[1][schedule_at]': at, 'schedules[1][amount]': '4900', 'schedules[1][name]': '추가',
      };
      const r = await gw.call('POST', '/subscribe/payments/schedule', { form });
      assert.equal(r.body.code, 0, JSON.stringify(r.body));
      assert.deepEqual(r.body.response.map((x: { merchant_uid: string; amount: number }) => [x.merchant_uid, x.amount]), [['s_form_0', 9900], ['s_form_1', 4900]]);
    });

    it('checking_amount: a test charge of the new key, cancelled at once; a card that cannot pay stores nothing (reference §3.5)', async () => {
      const at = clock.now() + 7200;
      const ok = await schedule({ customer_uid: 'c_check', checking_amount: 1000, ...card('approveShinhan'), schedules: [item('s_check', { schedule_at: at })] });
      assert.equal(ok.body.code, 0, JSON.stringify(ok.body));
      const history = (await gw.call('GET', '/subscribe/customers/c_check/payments')).body.response.list;
      assert.equal(history.length, 1);
      assert.deepEqual([history[0].amount, history[0].status, history[0].cancel_amount], [1000, 'cancelled', 1000]);
      assert.equal(gw.simulators.jtnet!.approvedCharges(history[0].imp_uid), 1);

      const refused = await schedule({ customer_uid: 'c_check_broke', checking_amount: 1000, ...card('insufficientFunds'), schedules: [item('s_check_broke', { schedule_at: at })] });
      assert.equal(refused.body.code, -1);
      assert.match(refused.body.message, /checking_amount.*잔액부족/);
      assert.equal((await gw.call('GET', '/subscribe/customers/c_check_broke')).status, 404, 'no billing key is left behind');
      assert.equal((await gw.call('GET', '/subscribe/payments/schedule/s_check_broke')).status, 404, 'no schedule either');
    });
  });
}
