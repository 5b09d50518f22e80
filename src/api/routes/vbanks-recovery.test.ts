/**
 * A POST /vbanks issue call whose answer is lost (issue #9): the PG may have issued the account, so
 * the attempt is settled from the PG, never guessed and never issued twice (app/vbank-recovery.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PgTransportError } from '../../connectors/contract.ts';
import { resolveUnknownAttempts } from '../../app/resolve-unknown-attempts.ts';
import { sandboxBooks } from '../../sandbox/books.ts';
import { sandboxStore } from '../../storage/sandbox-records.ts';
import { testDrivers } from '../../../test/support/db.ts';
import { startGateway, type TestGateway } from '../../../test/support/gateway.ts';
import { interceptPgCalls } from '../../../test/support/pg-faults.ts';
import { manualRecurring } from '../../../test/support/recurring.ts';

/** PGs whose fake answers a repeated issue of an order with the account it has (src/sandbox/operations.ts). */
const pgs = [{ pg: 'kicc', mid: 'T5102001' }, { pg: 'payco', mid: 'PARTNERTEST' }] as const;

for (const driver of testDrivers()) {
  describe(`POST /vbanks whose PG answer is lost [${driver}]`, () => {
    let gw: TestGateway;
    /** What the next issue calls do: lose the answer after the PG acted, drop the call before it, or pass. */
    let fault: ('lose_answer' | 'drop')[] = [];
    /** Likewise for KICC's revise calls (DELETE /vbanks closes the account with one). */
    let closeFault: ('lose_answer' | 'drop')[] = [];
    before(async () => {
      gw = await startGateway(driver, manualRecurring());
      interceptPgCalls(gw, async (url, _init, forward) => {
        const f = url.pathname.includes('/vbank/issue') ? fault.shift() : url.pathname.endsWith('/api/trades/revise') ? closeFault.shift() : undefined;
        if (f === 'drop') throw new PgTransportError('timeout', 'dropped by the test');
        const res = await forward();
        if (f === 'lose_answer') throw new PgTransportError('timeout', 'answer lost by the test');
        return res;
      });
    });
    after(async () => gw.close());
    const issue = (pg: string, merchantUid: string) => gw.call('POST', '/vbanks', {
      json: { merchant_uid: merchantUid, amount: 12000, vbank_code: '004', vbank_due: gw.ctx.now() + 86400, name: '주문', buyer_name: '홍길동', pg },
    });
    const atPg = (pg: 'kicc' | 'payco', mid: string, impUid: string) => sandboxBooks(sandboxStore(gw.sandboxDb, pg)).findOrder(mid, impUid);

    for (const { pg, mid } of pgs) {
      it(`${pg}: the PG issued but its answer was lost: the same request asks again and gets that one account`, async () => {
        fault = ['lose_answer'];
        const r = await issue(pg, `vbrec_${pg}_1`);
        assert.equal(r.body.code, 0, r.raw);
        const p = r.body.response;
        assert.equal(p.status, 'ready');
        const tx = await atPg(pg, mid, p.imp_uid);
        assert.equal(tx?.state, 'awaiting_deposit');
        assert.equal(p.pg_tid, tx?.tid, 'the account the PG issued first');
        assert.equal(p.vbank_num, tx?.vbank?.num);
        const paid = await gw.call('POST', `/vbanks/${p.imp_uid}/sandbox-deposit`);
        assert.equal(paid.body.response.status, 'paid', paid.raw);
      });

      it(`${pg}: no answer at all: unknown (in flight, merchant_uid held), later settled from the PG's books`, async () => {
        fault = ['lose_answer', 'drop'];
        const merchantUid = `vbrec_${pg}_2`;
        const r = await issue(pg, merchantUid);
        assert.equal(r.body.code, -1, r.raw);
        assert.match(r.body.message, /PG/);
        const pending = (await gw.call('GET', `/payments/find/${merchantUid}`)).body.response;
        assert.equal(pending.status, 'ready');
        assert.equal(pending.vbank_num, null, 'no account is guessed');
        assert.equal((await issue(pg, merchantUid)).body.message, '같은 merchant_uid 로 결제가 진행 중입니다.');
        assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 1);
        const settled = (await gw.call('GET', `/payments/${pending.imp_uid}`)).body.response;
        const tx = await atPg(pg, mid, pending.imp_uid);
        assert.deepEqual([settled.status, settled.pg_tid, settled.vbank_num, settled.vbank_date > 0], ['ready', tx?.tid, tx?.vbank?.num, true]);
      });

      it(`${pg}: the PG never got the call: the re-check finds no order at the PG and fails the attempt`, async () => {
        fault = ['drop', 'drop'];
        const merchantUid = `vbrec_${pg}_3`;
        const r = await issue(pg, merchantUid);
        assert.equal(r.body.code, -1, r.raw);
        const pending = (await gw.call('GET', `/payments/find/${merchantUid}`)).body.response;
        assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 1);
        const settled = (await gw.call('GET', `/payments/${pending.imp_uid}`)).body.response;
        assert.equal(settled.status, 'failed');
        assert.equal(await atPg(pg, mid, pending.imp_uid), undefined, 'nothing at the PG');
        assert.equal((await issue(pg, merchantUid)).body.code, 0, 'the merchant_uid may be issued again');
      });
    }

    it('kicc: DELETE whose close answer is lost changes nothing here; the same DELETE again gets KICC\'s answer and revokes', async () => {
      const p = (await issue('kicc', 'vbrec_close')).body.response;
      closeFault = ['lose_answer'];
      const lost = await gw.call('DELETE', `/vbanks/${p.imp_uid}`);
      assert.equal(lost.body.code, -1, lost.raw);
      assert.equal((await gw.call('GET', `/payments/${p.imp_uid}`)).body.response.status, 'ready', 'not guessed as revoked');
      assert.equal((await atPg('kicc', 'T5102001', p.imp_uid))?.state, 'declined', 'KICC closed it');
      const again = await gw.call('DELETE', `/vbanks/${p.imp_uid}`);
      assert.deepEqual([again.body.code, again.body.response?.status], [0, 'cancelled'], again.raw);
    });

    it('a slow PG past the PG timeout: the request answers unknown, the re-check settles the one account', async () => {
      await gw.ctx.pg.sandbox!.setBehaviour('kicc', { delayMs: 2300 });
      let r;
      try {
        r = await issue('kicc', 'vbrec_slow');
      } finally {
        await gw.ctx.pg.sandbox!.setBehaviour('kicc', { delayMs: 0 });
      }
      assert.equal(r.body.code, -1, r.raw);
      const pending = (await gw.call('GET', '/payments/find/vbrec_slow')).body.response;
      assert.equal(await resolveUnknownAttempts(gw.ctx, -1), 1);
      const settled = (await gw.call('GET', `/payments/${pending.imp_uid}`)).body.response;
      assert.equal(settled.pg_tid, (await atPg('kicc', 'T5102001', pending.imp_uid))?.tid);
    });
  });
}
