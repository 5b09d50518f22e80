/**
 * A late PG answer racing the background re-check (issue 13, defect 5): the request answers with the
 * payment as it was settled, whoever settled it; a re-check interval below the PG timeout is raised
 * and said at start; an INTERNAL error never echoes internals to the caller (the log has them).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { card } from '../../../test/support/cards.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { interceptPgCalls } from '../../../test/support/pg-faults.ts';
import { resolveUnknownAttempts } from '../../app/resolve-unknown-attempts.ts';
import { recheckSeconds } from '../../config.ts';

describe('re-check interval below the PG timeout', () => {
  it('is raised to the PG timeout (rounded up) plus one second; an interval above it is kept', () => {
    assert.deepEqual(recheckSeconds({ pgTimeoutMs: 10_000, unknownAttemptRecheckSec: 5 }), { sec: 11, raisedFrom: 5 });
    assert.deepEqual(recheckSeconds({ pgTimeoutMs: 2_500, unknownAttemptRecheckSec: 0 }), { sec: 4, raisedFrom: 0 });
    assert.deepEqual(recheckSeconds({ pgTimeoutMs: 10_000, unknownAttemptRecheckSec: 30 }), { sec: 30, raisedFrom: null });
  });

  it('says so at start', async () => {
    const gw = await startGateway('pglite', { unknownAttemptRecheckSec: 1, pgTimeoutMs: 2000 });
    try {
      assert.ok(gw.logLines.some((l) => l.includes('OPENIMP_UNKNOWN_RECHECK_SEC=1 is below the PG timeout') && l.includes('every 3 s')), gw.logLines.join('').slice(0, 2000));
    } finally {
      await gw.close();
    }
  });
});

for (const driver of testDrivers()) {
  describe(`a late PG answer after the re-check settled the attempt [${driver}]`, () => {
    let gw: TestGateway;
    let beforeAnswer: (() => Promise<void>) | null = null;
    let n = 0;
    before(async () => {
      gw = await startGateway(driver);
      await gw.call('POST', '/subscribe/customers/late', { json: card('approveShinhan') });
      // The PG approves, then its answer is held back until `beforeAnswer` has run.
      interceptPgCalls(gw, async (url, _init, forward) => {
        const hook = beforeAnswer;
        const res = await forward();
        if (hook && url.pathname.endsWith('/api/v1/payments_token')) {
          beforeAnswer = null;
          await hook();
        }
        return res;
      });
    });
    after(async () => gw.close());

    it('answers the payment as the re-check settled it (paid), not HTTP 500, and announces it once', async () => {
      let settled = -1;
      beforeAnswer = async () => {
        settled = await resolveUnknownAttempts(gw.ctx, -1);
      };
      const r = await gw.call('POST', '/subscribe/payments/again', { json: { customer_uid: 'late', merchant_uid: `late_${driver}_${++n}`, amount: 3000, notice_url: 'http://127.0.0.1:9/hook' } });
      assert.equal(settled, 1, 'the re-check settled it first, from the PG record');
      assert.equal(r.status, 200, r.raw);
      assert.equal(r.body.code, 0, r.raw);
      assert.equal(r.body.response.status, 'paid');
      const rows = await gw.ctx.db.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where imp_uid = $1 and event_kind = 'payment.paid'`, [r.body.response.imp_uid]);
      assert.equal(rows[0]!.n, 1);
      assert.equal(gw.simulators.jtnet!.approvedCharges(r.body.response.imp_uid), 1);
    });

    it('an INTERNAL error answers the V1 generic message only; its detail goes to the log', async () => {
      const random = gw.ctx.random;
      gw.ctx.random = (size) => new Uint8Array(size); // every imp_uid drawn is the same: the claim cannot allocate one
      try {
        const body = (uid: string) => ({ json: { customer_uid: 'late', merchant_uid: uid, amount: 1000 } });
        await gw.call('POST', '/subscribe/payments/again', body(`int_${driver}_a`));
        const r = await gw.call('POST', '/subscribe/payments/again', body(`int_${driver}_b`));
        assert.equal(r.status, 500);
        assert.equal(r.body.code, -1);
        assert.match(r.body.message, /^서버 내부 오류가 발생했습니다\. \(request id: [^)]+\)$/);
        assert.ok(!r.raw.includes('allocate') && !r.raw.includes('imp_'), r.raw);
        assert.ok(gw.logLines.some((l) => l.includes('could not allocate an imp_uid')), 'the detail is in the log');
      } finally {
        gw.ctx.random = random;
      }
    });
  });
}
