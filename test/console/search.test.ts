/** The console's payment search (keyset pages) and dashboard aggregates, on each test driver. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { dashboard } from '../../src/app/dashboard.ts';
import { searchPayments, type SearchQuery } from '../../src/app/search-payments.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { newPayment, providers } from '../../src/core/payment.ts';
import type { Db } from '../../src/storage/db.ts';
import { insertMerchant } from '../../src/storage/merchants.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { insertPayment } from '../../src/storage/payments.ts';
import { openTestDb, testDrivers } from '../support/db.ts';

const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z = 09:00 KST
const N = 130;

for (const driver of testDrivers()) {
  describe(`console payment search [${driver}]`, () => {
    let db: Db;
    let ctx: AppContext;
    let m: number;

    before(async () => {
      db = await openTestDb(driver);
      await migrate(db);
      m = (await insertMerchant(db, { code: 'imp00000011', name: 'a', webhookUrl: null, createdAt: 0 })).id;
      const other = (await insertMerchant(db, { code: 'imp00000012', name: 'b', webhookUrl: null, createdAt: 0 })).id;
      for (let i = 0; i < N; i++) {
        const status = i % 5 === 0 ? 'failed' : 'paid';
        // Pairs share a second so the imp_uid tie-break is exercised.
        const at = T0 + Math.floor(i / 2) * 3600;
        await insertPayment(db, newPayment({
          impUid: `imp_${String(i).padStart(12, '0')}`, merchantId: m, merchantUid: `o_${i}`, channelId: null, payMethod: i % 7 === 0 ? 'vbank' : 'card',
          channel: 'api', pgProvider: providers[i % 4]!, pgId: 'mid', sandbox: true, currency: 'KRW', amount: 1000 + i, startedAt: at,
          status, paidAt: status === 'paid' ? at : 0, failedAt: status === 'failed' ? at : 0, failReason: status === 'failed' ? `reason ${i}` : null,
          buyerName: `buyer ${i % 10}`, buyerEmail: `Buyer${i % 10}@Example.com`, buyerTel: `0101234${String(i % 10).padStart(4, '0')}`,
        }));
      }
      await insertPayment(db, newPayment({ impUid: 'imp_other000001', merchantId: other, merchantUid: 'o_x', channelId: null, payMethod: 'card', channel: 'api', pgProvider: 'jtnet', pgId: 'mid', sandbox: true, currency: 'KRW', amount: 1, startedAt: T0 }));
      ctx = { db, now: () => T0 + 70 * 3600 } as unknown as AppContext;
    });
    after(async () => db.close());

    const all = async (q: SearchQuery) => {
      const seen: string[] = [];
      let page = await searchPayments(ctx, m, { ...q, limit: 20 });
      assert.equal(page.previous, null);
      for (;;) {
        seen.push(...page.list.map((p) => p.impUid));
        if (!page.next) break;
        page = await searchPayments(ctx, m, { ...q, after: page.next, limit: 20 });
      }
      return { seen, last: page };
    };

    it('pages newest first through every row exactly once, and back again', async () => {
      const { seen, last } = await all({});
      assert.equal(seen.length, N);
      assert.equal(new Set(seen).size, N);
      const expected = Array.from({ length: N }, (_, i) => `imp_${String(i).padStart(12, '0')}`).sort((a, b) => {
        const ta = Math.floor(Number(a.slice(4)) / 2), tb = Math.floor(Number(b.slice(4)) / 2);
        return tb - ta || (a < b ? 1 : -1);
      });
      assert.deepEqual(seen, expected);
      // Back from the last page: the previous page is the 20 rows before it.
      const prev = await searchPayments(ctx, m, { before: last.previous!, limit: 20 });
      assert.deepEqual(prev.list.map((p) => p.impUid), expected.slice(100, 120));
      assert.ok(prev.next && prev.previous);
      const first = await searchPayments(ctx, m, { before: expected[20] ? `${T0 + Math.floor(Number(expected[20].slice(4)) / 2) * 3600}-${expected[20]}` : '', limit: 20 });
      assert.deepEqual(first.list.map((p) => p.impUid), expected.slice(0, 20));
      assert.equal(first.previous, null, 'no newer rows before the first page');
    });

    it('filters by status, PG, method, buyer (name, any-case e-mail, phone), date range and ids', async () => {
      assert.equal((await all({ status: 'failed' })).seen.length, N / 5);
      assert.equal((await all({ pgProvider: 'kicc' })).seen.length, Array.from({ length: N }, (_, i) => i).filter((i) => providers[i % 4] === 'kicc').length);
      assert.equal((await all({ payMethod: 'vbank' })).seen.length, Math.ceil(N / 7));
      assert.equal((await all({ buyer: 'buyer 3' })).seen.length, N / 10);
      assert.equal((await all({ buyer: 'BUYER3@example.COM' })).seen.length, N / 10);
      assert.equal((await all({ buyer: '01012340003', status: 'failed' })).seen.length, 0);
      assert.equal((await all({ from: T0, to: T0 + 10 * 3600 })).seen.length, 20);
      assert.deepEqual((await all({ merchantUid: 'o_7' })).seen, ['imp_000000000007']);
      assert.deepEqual((await all({ impUid: 'imp_other000001' })).seen, [], 'another merchant\'s payment is invisible');
      await assert.rejects(searchPayments(ctx, m, { after: 'garbage' }), GatewayError);
      await assert.rejects(searchPayments(ctx, m, { from: T0 + 10, to: T0 }), GatewayError);
    });

    it('aggregates attempts, approvals and approved amount per KST day and PG, with the latest failures', async () => {
      const d = await dashboard(ctx, m, 14);
      assert.equal(d.days.length, 14);
      const attempts = d.byDay.reduce((s, x) => s + x.attempts, 0);
      assert.equal(attempts, N);
      const approved = d.byDay.reduce((s, x) => s + x.approved, 0);
      assert.equal(approved, N - N / 5);
      const amount = d.byDay.reduce((s, x) => s + (x.amounts.KRW ?? 0), 0);
      let expectAmount = 0;
      for (let i = 0; i < N; i++) if (i % 5 !== 0) expectAmount += 1000 + i;
      assert.equal(amount, expectAmount);
      // Hours 0-64 from 09:00 KST on Jan 1 (two rows an hour): Jan 1 holds hours 0-14, Jan 2 and 3 a
      // whole day each, Jan 4 (today, the last bucket) hours 63-64.
      assert.deepEqual(d.byDay.slice(-4).map((x) => x.attempts), [30, 48, 48, 4]);
      assert.equal(Object.values(d.byPg).reduce((s, x) => s + x.attempts, 0), N);
      assert.equal(d.failures.length, 10);
      assert.equal(d.failures[0]!.impUid, 'imp_000000000125');
      assert.equal(d.failures[0]!.failReason, 'reason 125');
    });
  });
}
