import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { card } from '../../test/support/cards.ts';
import { testClock } from '../../test/support/clock.ts';
import { testDrivers } from '../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../test/support/gateway.ts';
import { manualRecurring } from '../../test/support/recurring.ts';
import { claimDueSchedules } from '../storage/schedules.ts';
import { payWithBillingKey } from './pay-with-billing-key.ts';
import { runDueSchedules } from './run-schedules.ts';
import { createSchedules } from './schedule-payments.ts';

for (const driver of testDrivers()) {
  describe(`running schedules exactly once [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    let merchantId: number;
    before(async () => {
      gw = await startGateway(driver, manualRecurring({ scheduleLeaseSec: 60 }), clock.now);
      merchantId = gw.demo.merchant.id;
      const r = await gw.call('POST', '/subscribe/customers/cust', { json: card('approveHyundai') });
      assert.equal(r.body.code, 0, r.raw);
    });
    after(async () => gw.close());

    const add = (prefix: string, n: number) => createSchedules(gw.ctx, merchantId, {
      customerUid: 'cust', customerId: null, pg: null, card: null, checkingAmount: 0,
      schedules: Array.from({ length: n }, (_, i) => ({
        merchantUid: `${prefix}_${i}`, scheduleAt: clock.now(), amount: 1000 + i, currency: 'KRW', taxFree: null, name: null,
        buyer: { name: null, email: null, tel: null, addr: null, postcode: null }, cardQuota: null, customData: null, noticeUrls: null, browserIp: null, promotionId: null,
      })),
    });

    const paidOf = async (prefix: string) => gw.ctx.db.query<{ merchant_uid: string; n: number }>(
      `select merchant_uid, count(*)::int as n from payments where merchant_uid like $1 and status = 'paid' group by merchant_uid`, [`${prefix}_%`]);

    it('two runners draining together charge every schedule once', async () => {
      await add('par', 40);
      const drain = async (owner: string) => {
        let total = 0;
        for (;;) {
          const r = await runDueSchedules(gw.ctx, owner, { limit: 5, concurrency: 3 });
          total += r.claimed;
          if (r.claimed === 0) return total;
        }
      };
      const [a, b] = await Promise.all([drain('runner-a'), drain('runner-b')]);
      assert.equal(a + b, 40);
      const paid = await paidOf('par');
      assert.equal(paid.length, 40);
      assert.ok(paid.every((p) => p.n === 1));
      const rows = await gw.ctx.db.query<{ imp_uid: string; status: string }>(`select imp_uid, status from schedules where merchant_uid like 'par_%'`);
      assert.ok(rows.every((r) => r.status === 'executed' && r.imp_uid));
      assert.ok(rows.every((r) => gw.simulators.jtnet!.approvedCharges(r.imp_uid) === 1));
    });

    it('a pass with more() claims again until claims come back short, keeping the charges in flight; without it one claim', async () => {
      await add('pipe', 23);
      let asked = 0;
      const r = await runDueSchedules(gw.ctx, 'piper', { limit: 4, concurrency: 3, more: () => (asked++, true) });
      assert.deepEqual(r, { claimed: 23, paid: 23, failed: 0, deferred: 0 });
      assert.ok(asked >= 5, `asked ${asked}`);
      const paid = await paidOf('pipe');
      assert.equal(paid.length, 23);
      assert.ok(paid.every((p) => p.n === 1));
      const rows = await gw.ctx.db.query<{ n: number }>(`select count(*)::int as n from schedules where merchant_uid like 'pipe_%' and (status <> 'executed' or lease_owner is not null)`);
      assert.equal(rows[0]!.n, 0, 'every outcome recorded, every lease dropped');
      await add('stop', 10);
      assert.equal((await runDueSchedules(gw.ctx, 'stopper', { limit: 4, concurrency: 2, more: () => false })).claimed, 4, 'more() false: no second claim');
      assert.equal((await runDueSchedules(gw.ctx, 'stopper', { limit: 4, concurrency: 2 })).claimed, 4, 'no more(): one claim');
      assert.equal((await runDueSchedules(gw.ctx, 'stopper', { limit: 4, concurrency: 2, more: () => true })).claimed, 2);
    });

    it('a leased schedule that waited past half its lease is not charged by that claim, and is charged once later', async () => {
      await add('waited', 2);
      let advanced = false;
      const more = () => {
        if (!advanced) clock.advance(31); // the first claim's schedules now have 29 of their 60 s left
        advanced = true;
        return true;
      };
      const r = await runDueSchedules(gw.ctx, 'waiter', { limit: 2, concurrency: 1, more });
      assert.deepEqual(r, { claimed: 2, paid: 0, failed: 0, deferred: 2 });
      assert.equal((await paidOf('waited')).length, 0);
      clock.advance(30);
      assert.deepEqual(await runDueSchedules(gw.ctx, 'waiter', { limit: 2, concurrency: 1, more: () => true }), { claimed: 2, paid: 2, failed: 0, deferred: 0 });
      assert.ok((await paidOf('waited')).every((p) => p.n === 1));
    });

    it('a process killed after charging: the next claimer records the paid payment and charges nothing', async () => {
      const [s] = await add('crash1', 1);
      const [claimed] = await gw.ctx.db.tx((q) => claimDueSchedules(q, { asOf: clock.now(), now: clock.now(), limit: 10, owner: 'dead', leaseUntil: clock.now() + 60 }));
      assert.equal(claimed!.merchantUid, s!.merchantUid);
      const p = await payWithBillingKey(gw.ctx, merchantId, {
        customerUid: 'cust', usage: 'payment.scheduled', userAgent: null, merchantUid: s!.merchantUid, amount: 1000, currency: 'KRW', taxFree: null, name: null,
        buyer: { name: null, email: null, tel: null, addr: null, postcode: null }, cardQuota: null, customData: null, noticeUrls: null, browserIp: null,
      });
      assert.equal(p.status, 'paid');
      assert.equal((await runDueSchedules(gw.ctx, 'alive', { limit: 10, concurrency: 1 })).claimed, 0, 'the lease holds while it lives');
      clock.advance(61);
      const r = await runDueSchedules(gw.ctx, 'alive', { limit: 10, concurrency: 1 });
      assert.deepEqual(r, { claimed: 1, paid: 1, failed: 0, deferred: 0 });
      const [row] = await gw.ctx.db.query<{ imp_uid: string; status: string; attempts: number }>(`select imp_uid, status, attempts from schedules where merchant_uid = 'crash1_0'`);
      assert.equal(row!.imp_uid, p.impUid);
      assert.equal(row!.status, 'executed');
      assert.equal(gw.simulators.jtnet!.approvedCharges(p.impUid), 1);
      assert.equal((await paidOf('crash1')).length, 1);
    });

    it('a schedule under a live lease cannot be moved (PUT) while it is being charged', async () => {
      const [s] = await add('leased', 1);
      await gw.ctx.db.tx((q) => claimDueSchedules(q, { asOf: clock.now(), now: clock.now(), limit: 10, owner: 'charging', leaseUntil: clock.now() + 60 }));
      const r = await gw.call('PUT', `/subscribe/payments/schedule/${s!.merchantUid}`, { json: { schedule_at: clock.now() + 86_400 } });
      assert.notEqual(r.body.code, 0);
      assert.match(r.body.message, /진행 중/);
      const [row] = await gw.ctx.db.query<{ schedule_at: number }>(`select schedule_at from schedules where merchant_uid = $1`, [s!.merchantUid]);
      assert.equal(row!.schedule_at, s!.scheduleAt, 'unchanged');
      clock.advance(61);
      await runDueSchedules(gw.ctx, 'alive', { limit: 10, concurrency: 1 });
    });

    it('a process killed before charging: the schedule is charged once after its lease expires', async () => {
      await add('crash2', 1);
      await gw.ctx.db.tx((q) => claimDueSchedules(q, { asOf: clock.now(), now: clock.now(), limit: 10, owner: 'dead', leaseUntil: clock.now() + 60 }));
      clock.advance(61);
      const r = await runDueSchedules(gw.ctx, 'alive', { limit: 10, concurrency: 1 });
      assert.equal(r.paid, 1);
      assert.equal((await paidOf('crash2'))[0]!.n, 1);
    });

    it('a stale runner cannot overwrite the outcome recorded by the lease holder', async () => {
      await add('stale', 1);
      const [c] = await gw.ctx.db.tx((q) => claimDueSchedules(q, { asOf: clock.now(), now: clock.now(), limit: 10, owner: 'slow', leaseUntil: clock.now() + 60 }));
      clock.advance(61);
      assert.equal((await runDueSchedules(gw.ctx, 'fast', { limit: 10, concurrency: 1 })).paid, 1);
      const { recordRuns } = await import('../storage/schedules.ts');
      const late = { impUid: null, failReason: 'late', executedAt: clock.now(), nextRetryAt: null, countAttempt: true };
      assert.equal((await recordRuns(gw.ctx.db, 'slow', [{ id: c!.id, outcome: late }])).size, 0);
    });

    it('outcomes written together: only the rows whose lease the writer still holds change', async () => {
      await add('mixed', 2);
      const mine = await claimDueSchedules(gw.ctx.db, { asOf: clock.now(), now: clock.now(), limit: 10, owner: 'x', leaseUntil: clock.now() + 60 });
      assert.equal(mine.length, 2);
      clock.advance(61);
      const [taken] = await claimDueSchedules(gw.ctx.db, { asOf: clock.now(), now: clock.now(), limit: 1, owner: 'y', leaseUntil: clock.now() + 60 });
      const { recordRuns } = await import('../storage/schedules.ts');
      const outcome = { impUid: null, failReason: 'x', executedAt: clock.now(), nextRetryAt: null, countAttempt: true };
      const written = await recordRuns(gw.ctx.db, 'x', mine.map((s) => ({ id: s.id, outcome })));
      assert.deepEqual([...written], mine.filter((s) => s.id !== taken!.id).map((s) => s.id));
      const rows = await gw.ctx.db.query<{ id: number; status: string; lease_owner: string | null }>(`select id, status, lease_owner from schedules where merchant_uid like 'mixed_%' order by id`);
      assert.deepEqual(rows.map((r) => [Number(r.id) === taken!.id, r.status, r.lease_owner]).sort(), [[false, 'executed', null], [true, 'scheduled', 'y']]);
      clock.advance(61);
      assert.equal((await runDueSchedules(gw.ctx, 'alive', { limit: 10, concurrency: 1 })).paid, 1);
    });
  });
}
