/**
 * Operator settlement of attempts whose outcome openimp cannot learn (app/operator-settlement.ts), on
 * JTNet (tPay publishes no status lookup): a partial refund and charges whose answers were lost stay
 * open after their lease until an operator settles them, through the CLI (`attempts list|settle`) or
 * the console's payment page, with what the PG's merchant office shows. Each settlement is recorded
 * once, goes through the same transitions as a PG answer (a refund: its cancellation and webhook), is
 * idempotent, and refuses attempts that are not unknown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCommand, run } from '../src/cli.ts';
import { ConsoleClient, startConsoleGateway } from './console/support.ts';
import { testClock } from './support/clock.ts';
import { testDrivers } from './support/db.ts';
import type { TestGateway } from './support/gateway.ts';
import { interceptPgCalls, type PgAnswer } from './support/pg-faults.ts';

/** What a fault does with a PG call: `forward` delivers it (the PG acts on it). */
type Fault = (forward: () => Promise<PgAnswer>) => Promise<PgAnswer>;
const timeout = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');
/** The PG acts on the call, its answer is lost. */
const answerLost: Fault = async (forward) => {
  await forward();
  throw timeout();
};
/** The call never reaches the PG. */
const neverArrives: Fault = async () => {
  throw timeout();
};

for (const driver of testDrivers()) {
  describe(`operator settlement of unknown attempts: CLI and console [${driver}]`, () => {
    const clock = testClock();
    let gw: TestGateway;
    let console_: ConsoleClient;
    /** The fault for calls to paths matching `on` (each call asks it; null: calls go through). */
    const faults: { on: RegExp; fault: Fault }[] = [];
    let n = 0;

    before(async () => {
      gw = await startConsoleGateway(driver, clock.now);
      interceptPgCalls(gw, (url, _init, forward) => {
        const f = faults.find((x) => x.on.test(url.pathname));
        return f ? f.fault(forward) : forward();
      });
      const key = await gw.call('POST', '/subscribe/customers/ops_c', { json: { card_number: '9366-0000-0000-0009', expiry: '2030-12', birth: '820213', pwd_2digit: '00' } });
      assert.equal(key.body.code, 0, key.raw);
      console_ = new ConsoleClient(gw);
      assert.equal((await console_.signIn()).status, 303);
    });
    after(async () => {
      await gw.close();
    });

    const cli = (...argv: string[]) => {
      const { values, positionals } = parseCommand(argv);
      return run(gw.ctx, positionals, values) as Promise<any>;
    };
    const pay = async (amount = 10_000, merchantUid = `ops_${driver}_${++n}`) => {
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'ops_c', merchant_uid: merchantUid, amount, notice_url: 'http://127.0.0.1:9/hook' } });
      return r;
    };
    const get = async (impUid: string) => (await gw.call('GET', `/payments/${impUid}`)).body.response;
    const cancelWebhooks = async (impUid: string) =>
      (await gw.ctx.db.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where imp_uid = $1 and event_kind = 'payment.cancelled'`, [impUid]))[0]!.n;
    const withFault = async <R>(on: RegExp, fault: Fault, fn: () => Promise<R>): Promise<R> => {
      faults.push({ on, fault });
      try {
        return await fn();
      } finally {
        faults.length = 0;
      }
    };
    const lostPartialRefund = async () => {
      const paid = await pay();
      assert.equal(paid.body.response.status, 'paid', paid.raw);
      const impUid = paid.body.response.imp_uid as string;
      const r = await withFault(/\/refunds$/, answerLost, () => gw.call('POST', '/payments/cancel', { json: { imp_uid: impUid, amount: 3000, reason: 'lost', enable_webhook: true } }));
      assert.equal(r.status, 500, r.raw);
      const [a] = await gw.ctx.db.query<{ attempt_id: string }>('select attempt_id from payment_cancel_attempts where imp_uid = $1 and outcome is null', [impUid]);
      return { impUid, attemptId: a!.attempt_id };
    };
    const refused = (reason: string) => (e: unknown) => (e as { reason?: string }).reason === reason;

    it('CLI: a lost partial refund the PG made is listed after its lease and settled as refunded, once, with its webhook', async () => {
      const { impUid, attemptId } = await lostPartialRefund();
      assert.ok(!(await cli('attempts', 'list')).some((x: { attempt_id: string }) => x.attempt_id === attemptId), 'not listed while a PG call may still run');
      await assert.rejects(cli('attempts', 'settle', '--attempt', attemptId, '--as', 'refunded', '--by', 'ops'), refused('lease_live'));
      clock.advance(10);
      const listed = (await cli('attempts', 'list', '--merchant', 'imp12345678')).find((x: { attempt_id: string }) => x.attempt_id === attemptId);
      assert.deepEqual(listed && [listed.kind, listed.imp_uid, listed.amount, listed.pg_provider], ['cancel', impUid, 3000, 'jtnet']);
      await assert.rejects(cli('attempts', 'settle', '--attempt', attemptId, '--as', 'paid', '--pg-tid', 'x', '--by', 'ops'), refused('wrong_outcome'));

      const s = await cli('attempts', 'settle', '--attempt', attemptId, '--as', 'refunded', '--by', 'ops@acme', '--note', 'merchant office shows 3,000 refunded');
      assert.deepEqual([s.settled_as, s.settled_by, s.repeated, s.status, s.cancel_amount], ['refunded', 'ops@acme', false, 'paid', 3000]);
      const p = await get(impUid);
      assert.deepEqual(p.cancel_history.map((h: { amount: number; reason: string }) => [h.amount, h.reason]), [[3000, 'lost']]);
      assert.equal(await cancelWebhooks(impUid), 1);
      const again = await cli('attempts', 'settle', '--attempt', attemptId, '--as', 'refunded', '--by', 'ops@acme');
      assert.equal(again.repeated, true, 'the same settlement again changes nothing');
      await assert.rejects(cli('attempts', 'settle', '--attempt', attemptId, '--as', 'not_refunded', '--by', 'other'), refused('settled_otherwise'));
      assert.equal((await get(impUid)).cancel_amount, 3000);
      assert.equal(await cancelWebhooks(impUid), 1, 'recorded once');
      const [audit] = await gw.ctx.db.query('select kind, outcome, settled_by, note from operator_settlements where attempt_id = $1', [attemptId]);
      assert.deepEqual({ ...audit }, { kind: 'cancel', outcome: 'refunded', settled_by: 'ops@acme', note: 'merchant office shows 3,000 refunded' });
      const next = await gw.call('POST', '/payments/cancel', { json: { imp_uid: impUid, amount: 7000, reason: 'rest' } });
      assert.equal(next.body.response?.status, 'cancelled', 'the hold is gone: the rest can be cancelled');
    });

    it('CLI: a lost partial refund the PG never made is settled as not_refunded: the hold is released, nothing recorded', async () => {
      const { impUid, attemptId } = await withFault(/\/refunds$/, neverArrives, async () => {
        const paid = await pay();
        const id = paid.body.response.imp_uid as string;
        await gw.call('POST', '/payments/cancel', { json: { imp_uid: id, amount: 3000, reason: 'never', enable_webhook: true } });
        const [a] = await gw.ctx.db.query<{ attempt_id: string }>('select attempt_id from payment_cancel_attempts where imp_uid = $1 and outcome is null', [id]);
        return { impUid: id, attemptId: a!.attempt_id };
      });
      const blocked = await gw.call('POST', '/payments/cancel', { json: { imp_uid: impUid, amount: 1000, reason: 'blocked' } });
      assert.equal(blocked.body.message, '같은 결제건에 대한 다른 취소요청이 처리 중입니다.');
      clock.advance(10);
      const s = await cli('attempts', 'settle', '--attempt', attemptId, '--as', 'not_refunded', '--by', 'ops');
      assert.deepEqual([s.settled_as, s.cancel_amount], ['not_refunded', 0]);
      assert.equal(await cancelWebhooks(impUid), 0);
      const [{ p }] = await gw.ctx.db.query('select pending_cancel_amount::int as p from payments where imp_uid = $1', [impUid]) as [{ p: number }];
      assert.equal(p, 0, 'no hold left');
      const now = await gw.call('POST', '/payments/cancel', { json: { imp_uid: impUid, amount: 3000, reason: 'now' } });
      assert.equal(now.body.response?.cancel_amount, 3000, now.raw);
    });

    it('CLI: charges left in flight settle as paid (with the PG tid) or failed (the merchant_uid free again)', async () => {
      const charged = await withFault(/\/payments_token$/, answerLost, () => pay(5000, `ops_${driver}_charged`));
      assert.equal(charged.status, 500, charged.raw);
      const never = await withFault(/\/payments_token$/, neverArrives, () => pay(5000, `ops_${driver}_never`));
      assert.equal(never.status, 500, never.raw);
      const inFlight = await gw.ctx.db.query<{ imp_uid: string; merchant_uid: string }>(`select imp_uid, merchant_uid from payments where in_flight and merchant_uid like $1`, [`ops_${driver}_%`]);
      const idOf = (uid: string) => inFlight.find((r) => r.merchant_uid === uid)!.imp_uid;
      const [charge, unpaid] = [idOf(`ops_${driver}_charged`), idOf(`ops_${driver}_never`)];
      await assert.rejects(cli('attempts', 'settle', '--attempt', charge, '--as', 'failed', '--by', 'ops'), refused('lease_live'));
      clock.advance(10);
      const listed = (await cli('attempts', 'list')).filter((x: { kind: string }) => x.kind === 'charge').map((x: { attempt_id: string }) => x.attempt_id);
      assert.ok(listed.includes(charge) && listed.includes(unpaid), JSON.stringify(listed));
      await assert.rejects(cli('attempts', 'settle', '--attempt', charge, '--as', 'paid', '--by', 'ops'), refused('pg_tid_required'));
      await assert.rejects(cli('attempts', 'settle', '--attempt', charge, '--as', 'refunded', '--by', 'ops'), refused('wrong_outcome'));
      await assert.rejects(cli('attempts', 'settle', '--attempt', 'imp_000000000000', '--as', 'failed', '--by', 'ops'), refused('not_found'));

      const paid = await cli('attempts', 'settle', '--attempt', charge, '--as', 'paid', '--pg-tid', 'JT_OFFICE_1', '--by', 'ops');
      assert.equal(paid.status, 'paid');
      const p = await get(charge);
      assert.deepEqual([p.status, p.pg_tid, p.amount], ['paid', 'JT_OFFICE_1', 5000]);
      const paidHooks = await gw.ctx.db.query(`select 1 from webhook_deliveries where imp_uid = $1 and event_kind = 'payment.paid'`, [charge]);
      assert.equal(paidHooks.length, 1, 'announced as a PG approval would be');
      assert.equal((await cli('attempts', 'settle', '--attempt', charge, '--as', 'paid', '--pg-tid', 'JT_OFFICE_1', '--by', 'ops')).repeated, true);
      await assert.rejects(cli('attempts', 'settle', '--attempt', charge, '--as', 'paid', '--pg-tid', 'OTHER', '--by', 'ops'), refused('settled_otherwise'));

      assert.equal((await cli('attempts', 'settle', '--attempt', unpaid, '--as', 'failed', '--by', 'ops')).status, 'failed');
      const retry = await pay(5000, `ops_${driver}_never`);
      assert.equal(retry.body.response?.status, 'paid', `the merchant_uid is free again: ${retry.raw}`);
      await assert.rejects(cli('attempts', 'settle', '--attempt', retry.body.response.imp_uid, '--as', 'failed', '--by', 'ops'), refused('not_unknown'));
      assert.ok(!(await cli('attempts', 'list')).some((x: { attempt_id: string }) => [charge, unpaid].includes(x.attempt_id)));
    });

    it('console: the payment page shows the unknown attempt; the signed-in user settles it (CSRF checked), recorded under their email', async () => {
      const { impUid, attemptId } = await lostPartialRefund();
      clock.advance(10);
      const page = await console_.get(`/console/payments/${impUid}`);
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`name="attempt_id" value="${attemptId}"`));
      assert.match(page.body, /결과를 알 수 없는 시도/);
      const noCsrf = await console_.post(`/console/payments/${impUid}/settle`, { attempt_id: attemptId, as: 'refunded' }, { csrf: null });
      assert.equal(noCsrf.status, 403);
      const other = await console_.post(`/console/payments/imp_000000000000/settle`, { attempt_id: attemptId, as: 'refunded' });
      assert.equal(other.status, 404, 'only the attempts of the payment on the page');
      await console_.get(`/console/payments/${impUid}`);
      const done = await console_.post(`/console/payments/${impUid}/settle`, { attempt_id: attemptId, as: 'refunded', pg_tid: 'JT_REFUND_1', note: 'seen in the office' });
      assert.equal(done.status, 303, done.body.slice(0, 300));
      const after = await console_.get(done.location!);
      assert.match(after.body, /정산했습니다/);
      assert.match(after.body, /운영자 정산 기록/);
      assert.match(after.body, /demo@openimp\.local/);
      assert.doesNotMatch(after.body, new RegExp(`name="attempt_id" value="${attemptId}"`), 'no longer open');
      const p = await get(impUid);
      assert.deepEqual(p.cancel_history.map((h: { amount: number; pg_tid: string }) => [h.amount, h.pg_tid]), [[3000, 'JT_REFUND_1']]);
      assert.equal(await cancelWebhooks(impUid), 1);
      const twice = await console_.post(`/console/payments/${impUid}/settle`, { attempt_id: attemptId, as: 'not_refunded' });
      assert.equal(twice.status, 409);
      assert.match(twice.body, /이미 다른 결과로 정산/);
      assert.equal((await get(impUid)).cancel_amount, 3000, 'unchanged');
    });
  });
}
