/**
 * The storage suite both drivers must pass (ARCHITECTURE: one schema, two drivers, one suite).
 * storage.test.ts runs it on PGlite always and on PostgreSQL when OPENIMP_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { noCredentials } from '../core/channel.ts';
import { newPayment, type Payment } from '../core/payment.ts';
import { getBillingKey, upsertBillingKey, type BillingKey } from './billing-keys.ts';
import { isUniqueViolation, type Db } from './db.ts';
import { insertChannel, insertMerchant } from './merchants.ts';
import { migrate } from './migrate.ts';
import * as payments from './payments.ts';
import { getPrepare, insertPrepare, updatePrepare } from './prepares.ts';
import { migrateSandboxBooks, sandboxStore } from './sandbox-records.ts';

export function runStorageSuite(name: string, open: () => Promise<Db>): void {
  describe(`storage on ${name}`, () => {
    let db: Db;
    let merchantId: number;
    let otherMerchantId: number;
    let channelId: number;
    let seq = 0;
    const pay = (over: Partial<Payment> = {}): Payment => newPayment({
      impUid: `imp_${String(++seq).padStart(12, '0')}`, merchantId, merchantUid: `order_${seq}`, channelId, payMethod: 'card', channel: 'api',
      pgProvider: 'jtnet', pgId: 'mid', sandbox: true, currency: 'KRW', amount: 10000, startedAt: 1000 + seq, ...over,
    });

    before(async () => {
      db = await open();
      await migrate(db);
      merchantId = (await insertMerchant(db, { code: 'imp00000001', name: 'a', webhookUrl: null, createdAt: 1 })).id;
      otherMerchantId = (await insertMerchant(db, { code: 'imp00000002', name: 'b', webhookUrl: null, createdAt: 1 })).id;
      channelId = (await insertChannel(db, { merchantId, provider: 'jtnet', pgId: 'mid', purpose: 'api', mode: 'sandbox', isDefault: true, enabled: true, name: null, sealed: noCredentials(), createdAt: 1 })).id;
    });
    after(async () => db.close());

    it('migrations are applied once and re-running them is a no-op', async () => {
      assert.deepEqual(await migrate(db), []);
    });

    it('a payment round-trips every field, integers stay integers', async () => {
      const p = pay({ buyerName: '홍길동', noticeUrls: ['https://a', 'https://b'], cardQuota: 3, taxFree: 500 });
      await payments.insertPayment(db, p);
      const got = await payments.getPayment(db, merchantId, p.impUid);
      assert.deepEqual(got, p);
      assert.equal(typeof got!.amount, 'number');
      assert.deepEqual(await payments.readPayment(db, merchantId, p.impUid), p, 'the plain lookup (one json array per row) reads the same');
    });

    it('another merchant never sees the payment', async () => {
      const p = pay();
      await payments.insertPayment(db, p);
      assert.equal(await payments.getPayment(db, otherMerchantId, p.impUid), null);
      assert.equal(await payments.findByMerchantUid(db, otherMerchantId, p.merchantUid, null, '-started'), null);
    });

    it('the order claim: one in-flight or paid attempt per merchant_uid; failed ones do not block', async () => {
      const first = pay({ merchantUid: 'claimed', inFlight: true });
      await payments.insertPayment(db, first);
      await assert.rejects(payments.insertPayment(db, pay({ merchantUid: 'claimed', inFlight: true })), (e) => isUniqueViolation(e, 'payments_one_claim'));
      await payments.updatePayment(db, { ...first, inFlight: false, status: 'failed', failedAt: 2000 });
      const second = pay({ merchantUid: 'claimed', inFlight: true });
      await payments.insertPayment(db, second);
      await payments.updatePayment(db, { ...second, inFlight: false, status: 'paid', paidAt: 2001 });
      await assert.rejects(payments.insertPayment(db, pay({ merchantUid: 'claimed', inFlight: true })), (e) => isUniqueViolation(e));
      // a different merchant may use the same merchant_uid
      await payments.insertPayment(db, { ...pay({ merchantUid: 'claimed', inFlight: true }), merchantId: otherMerchantId, channelId: null });
    });

    it('lists by status use the time of the current status, with paging', async () => {
      const uid = 'status-list';
      for (let i = 0; i < 5; i++) {
        const p = pay({ merchantUid: `${uid}-${i}` });
        await payments.insertPayment(db, p);
        await payments.updatePayment(db, { ...p, status: 'paid', paidAt: 50_000 + i });
      }
      const page1 = await payments.listByStatus(db, merchantId, 'paid', 50_000, 50_004, '-paid', 1, 2);
      assert.equal(page1.total, 5);
      assert.deepEqual(page1.list.map((p) => p.paidAt), [50_004, 50_003]);
      const page3 = await payments.listByStatus(db, merchantId, 'paid', 50_000, 50_004, '-paid', 3, 2);
      assert.deepEqual(page3.list.map((p) => p.paidAt), [50_000]);
      const narrow = await payments.listByStatus(db, merchantId, 'all', 50_001, 50_002, 'paid', 1, 20);
      assert.deepEqual(narrow.list.map((p) => p.paidAt), [50_001, 50_002]);
    });

    it('cancellation history is stored and returned in order', async () => {
      const p = pay({ status: 'paid', paidAt: 3000, cancelAmount: 3000 });
      await payments.insertPayment(db, p);
      // same second, ids in reverse alphabetical order: history keeps insertion order
      await payments.insertCancellation(db, p.impUid, { cancellationId: 'c_b', pgTid: 't1', amount: 1000, taxFree: 0, reason: 'first', cancelledAt: 3001, receiptUrl: null });
      await payments.insertCancellation(db, p.impUid, { cancellationId: 'c_a', pgTid: 't2', amount: 2000, taxFree: 0, reason: 'second', cancelledAt: 3001, receiptUrl: null });
      const got = await payments.getPayment(db, merchantId, p.impUid);
      assert.deepEqual(got!.cancelHistory.map((c) => [c.reason, c.amount]), [['first', 1000], ['second', 2000]]);
      assert.deepEqual(await payments.readPayment(db, merchantId, p.impUid), got);
    });

    it('a cancel hold can never overdraw the balance, also under concurrency', async () => {
      const p = pay({ status: 'paid', paidAt: 4000 });
      await payments.insertPayment(db, p);
      const results = await Promise.all(Array.from({ length: 10 }, () => db.tx((q) => payments.holdCancel(q, p.impUid, 4000))));
      assert.equal(results.filter(Boolean).length, 2, '2 x 4000 fit in 10000, a third does not');
      assert.equal(await payments.pendingCancelAmount(db, p.impUid), 8000);
      await db.tx((q) => payments.releaseCancel(q, p.impUid, 8000));
      assert.equal(await payments.pendingCancelAmount(db, p.impUid), 0);
    });

    it('a transaction that throws leaves nothing behind', async () => {
      const p = pay();
      await assert.rejects(db.tx(async (q) => {
        await payments.insertPayment(q, p);
        throw new Error('boom');
      }));
      assert.equal(await payments.getPayment(db, merchantId, p.impUid), null);
    });

    it('multi-get returns the newest attempt per merchant_uid', async () => {
      const a = pay({ merchantUid: 'multi', startedAt: 10 });
      const b = pay({ merchantUid: 'multi', startedAt: 20 });
      await payments.insertPayment(db, a);
      await payments.insertPayment(db, b);
      const got = await payments.getMany(db, merchantId, [a.impUid], ['multi']);
      assert.deepEqual(got.map((p) => p.impUid).sort(), [a.impUid, b.impUid].sort());
    });

    it('prepares: insert once, update, read', async () => {
      const row = { merchantId, merchantUid: 'prep', amount: 1000, currency: null, scale: 0, createdAt: 1, updatedAt: 1 };
      assert.ok(await insertPrepare(db, row));
      assert.equal(await insertPrepare(db, row), null);
      await updatePrepare(db, { ...row, amount: 2000, updatedAt: 2 });
      assert.equal((await getPrepare(db, merchantId, 'prep'))!.amount, 2000);
      assert.equal(await getPrepare(db, otherMerchantId, 'prep'), null);
    });

    it('billing keys: reusing a customer_uid replaces the mapping', async () => {
      const b: BillingKey = {
        merchantId, customerUid: 'cust', channelId, pgProvider: 'jtnet', pgId: 'mid', sandbox: true, pgBillingKeyEnc: 'v1:first',
        customerId: null, cardName: '신한카드', cardCode: '366', cardNumber: '424242******4242', cardType: 0, customerName: null,
        customerTel: null, customerEmail: null, customerAddr: null, customerPostcode: null, inserted: 10, updated: 10,
      };
      await upsertBillingKey(db, b);
      await upsertBillingKey(db, { ...b, pgBillingKeyEnc: 'v1:second', updated: 20, inserted: 20 });
      const got = await getBillingKey(db, merchantId, 'cust');
      assert.equal(got!.pgBillingKeyEnc, 'v1:second');
      assert.equal(got!.inserted, 10, 'inserted keeps the first issuance time');
      assert.equal(got!.updated, 20);
    });

    it('sandbox records keep simulator state as JSON', async () => {
      // The fake PGs' books live in their own database; here it is the same one, given their table.
      await migrateSandboxBooks(db);
      const s = sandboxStore(db, 'jtnet');
      await s.set('k', { a: 1 });
      await s.set('k', { a: 2 });
      assert.deepEqual(await s.get('k'), { a: 2 });
      assert.equal(await s.get('missing'), undefined);
    });

    it('sandbox records: setMany writes every entry, claim takes a key once and writes its entries only then', async () => {
      await migrateSandboxBooks(db);
      const s = sandboxStore(db, 'kicc');
      await s.setMany([['m:1', 1], ['m:2', { b: 2 }]]);
      assert.deepEqual([await s.get('m:1'), await s.get('m:2')], [1, { b: 2 }]);
      assert.deepEqual(await s.getMany(['m:2', 'absent', 'm:1', 'm:2']), [{ b: 2 }, undefined, 1, { b: 2 }], 'getMany answers in the order asked, repeats included');
      assert.deepEqual(await sandboxStore(db, 'jtnet').getMany(['m:1']), [undefined], "another PG's books are not read");
      assert.equal(await s.claim('id:T1', true, [['tx:T1', { amt: 1000 }], ['order:o1', 'T1']]), true);
      assert.equal(await s.claim('id:T1', true, [['tx:T1', { amt: 9 }], ['order:o1', 'T2']]), false);
      assert.deepEqual([await s.get('tx:T1'), await s.get('order:o1')], [{ amt: 1000 }, 'T1'], 'a refused claim writes nothing');
      // Concurrent claims of one key: exactly one wins.
      const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => s.claim('id:race', i, [[`race:${i}`, i]])));
      assert.equal(wins.filter(Boolean).length, 1);
      const winner = wins.indexOf(true);
      assert.equal(await s.get('id:race'), winner);
      for (let i = 0; i < 8; i++) assert.equal(await s.get(`race:${i}`), i === winner ? i : undefined);
    });

    it('sandbox records: claimIf writes only while each expected text (or absence) holds, and tells why not', async () => {
      await migrateSandboxBooks(db);
      const s = sandboxStore(db, 'payco');
      await s.set('key:k', { card: 'x' });
      const held = JSON.stringify({ card: 'x' });
      assert.equal(await s.claimIf('id:A', true, [['tx:A', 1], ['order:a', 'A']], [['order:a', null], ['key:k', held]]), 'claimed');
      assert.deepEqual([await s.get('id:A'), await s.get('tx:A'), await s.get('order:a')], [true, 1, 'A']);
      assert.equal(await s.claimIf('id:B', true, [['tx:B', 2]], [['order:a', null]]), 'changed', 'the order is no longer absent');
      assert.equal(await s.claimIf('id:B', true, [['tx:B', 2]], [['key:k', JSON.stringify({ card: 'y' })]]), 'changed', 'another text');
      assert.equal(await s.claimIf('id:A', true, [['tx:B', 2]], [['key:k', held]]), 'taken');
      assert.deepEqual([await s.get('id:B'), await s.get('tx:B')], [undefined, undefined], 'nothing written when refused');
      await s.set('key:k', null);
      assert.equal(await s.claimIf('id:C', true, [], [['key:k', held]]), 'changed', 'a deleted key');
      assert.equal(await s.claimIf('id:C', true, [], []), 'claimed');
    });
  });
}
