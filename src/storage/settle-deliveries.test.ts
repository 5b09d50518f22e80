/**
 * settleInFlightPayment and insertDeliveries (one statement each): deliveries without their own URL go to
 * the merchant's webhook URL as it is when the statement runs, none when it has no http(s) one, and a
 * settle that finds the attempt no longer in flight writes nothing at all. Both drivers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestDb, testDrivers } from '../../test/support/db.ts';
import { newPayment, type Payment } from '../core/payment.ts';
import type { Db } from './db.ts';
import { insertMerchant } from './merchants.ts';
import { migrate } from './migrate.ts';
import { insertDeliveries, type NewDelivery } from './outbox.ts';
import { getPayment, insertPayment, settleInFlightPayment } from './payments.ts';

for (const driver of testDrivers()) {
  describe(`settle with deliveries in one statement [${driver}]`, () => {
    let db: Db;
    let merchantId = 0;
    let n = 0;
    before(async () => {
      db = await openTestDb(driver);
      await migrate(db);
      merchantId = (await insertMerchant(db, { code: 'imp_settle_test', name: 'settle test', webhookUrl: null, createdAt: 1 })).id;
    });
    after(() => db.close());

    const claim = async (): Promise<Payment> => {
      const p = newPayment({ impUid: `imp_settle_${++n}`, merchantId, merchantUid: `order-${n}`, channelId: null, payMethod: 'card', channel: 'api', pgProvider: 'jtnet', pgId: 'tpaytest1m', sandbox: true, currency: 'KRW', amount: 1000, startedAt: 10, inFlight: true });
      await insertPayment(db, p);
      return p;
    };
    const paid = (p: Payment): Payment => ({ ...p, status: 'paid', paidAt: 11, inFlight: false, pgTid: `tid-${p.impUid}` });
    const delivery = (p: Payment, url: string | null): NewDelivery => ({ merchantId, impUid: p.impUid, eventKind: 'payment.paid', url, body: '{}', createdAt: 11, retryUntil: 99 });
    const setUrl = (url: string | null) => db.query('update merchants set webhook_url = $2 where id = $1', [merchantId, url]);
    const rows = (p: Payment) => db.query<{ url: string; state: string }>('select url, state from webhook_deliveries where imp_uid = $1 order by id', [p.impUid]);

    it('settles and queues to the merchant URL read in the statement; none when it has none or a non-http one', async () => {
      await setUrl('https://shop.example/hook');
      const a = await claim();
      assert.deepEqual(await settleInFlightPayment(db, a, paid(a), [delivery(a, null)]), { updated: true, queued: 1 });
      assert.deepEqual(await rows(a), [{ url: 'https://shop.example/hook', state: 'pending' }]);
      const [row] = await db.query<{ status: string; in_flight: boolean }>('select status, in_flight from payments where imp_uid = $1', [a.impUid]);
      assert.deepEqual({ ...row }, { status: 'paid', in_flight: false });
      assert.deepEqual(await getPayment(db, merchantId, a.impUid), paid(a), 'the row is the settled payment: only its changed columns were sent');

      await setUrl(null);
      const b = await claim();
      assert.deepEqual(await settleInFlightPayment(db, b, paid(b), [delivery(b, null)]), { updated: true, queued: 0 });
      assert.deepEqual(await rows(b), []);
      await setUrl('ftp://shop.example/hook');
      assert.equal(await insertDeliveries(db, [delivery(b, null)]), 0);
      assert.equal(await insertDeliveries(db, [delivery(b, 'http://own.example/n'), delivery(b, 'http://own.example/m')]), 2);
      assert.deepEqual((await rows(b)).map((r) => r.url), ['http://own.example/n', 'http://own.example/m']);
    });

    it('writes nothing when the attempt is no longer in flight (settled by someone else first)', async () => {
      await setUrl('https://shop.example/hook');
      const c = await claim();
      assert.equal((await settleInFlightPayment(db, c, paid(c), [])).updated, true);
      assert.deepEqual(await settleInFlightPayment(db, c, { ...paid(c), pgTid: 'another' }, [delivery(c, null), delivery(c, 'http://own.example/x')]), { updated: false, queued: 0 });
      assert.deepEqual(await rows(c), []);
      const [row] = await db.query<{ pg_tid: string }>('select pg_tid from payments where imp_uid = $1', [c.impUid]);
      assert.equal(row!.pg_tid, `tid-${c.impUid}`);
    });
  });
}
