/**
 * Two openimp processes on one PostgreSQL serve the API, the scheduler and the outbox together:
 * 200 schedules fall due, both drain, each is charged once and each webhook arrives once.
 * Needs a real PostgreSQL: skipped unless OPENIMP_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCluster, type Cluster } from '../support/cluster.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

const url = process.env.OPENIMP_TEST_DATABASE_URL;
const N = 200;

describe('scale-out: two processes, one PostgreSQL', { skip: url ? false : 'OPENIMP_TEST_DATABASE_URL is not set' }, () => {
  let cluster: Cluster;
  let rx: Receiver;
  before(async () => {
    rx = await startReceiver();
    cluster = await createCluster(url!);
    await cluster.start(2, { OPENIMP_SCHEDULER_INTERVAL_MS: '200', OPENIMP_OUTBOX_INTERVAL_MS: '200', OPENIMP_SCHEDULER_BATCH: '20' });
  });
  after(async () => {
    await cluster?.stop();
    await rx?.close();
  });

  it('charges each due schedule once and delivers each webhook once', { timeout: 120_000 }, async () => {
    const [a, b] = cluster.urls as [string, string];
    const token = await cluster.token(a);
    const key = await cluster.call(b, 'POST', '/subscribe/customers/scale_c', { card_number: '9366-0000-0000-0009', expiry: '2030-12', birth: '820213', pwd_2digit: '00' }, token);
    assert.equal(key.code, 0, JSON.stringify(key));
    const at = Math.floor(Date.now() / 1000) + 2;
    for (const [i, api] of [[0, a], [1, b]] as const) {
      const schedules = Array.from({ length: N / 2 }, (_, j) => ({ merchant_uid: `scale_${i}_${j}`, schedule_at: at, amount: 1000 + j, notice_url: rx.url() }));
      const r = await cluster.call(api, 'POST', '/subscribe/payments/schedule', { customer_uid: 'scale_c', schedules }, token);
      assert.equal(r.code, 0, JSON.stringify(r).slice(0, 300));
    }
    await rx.waitFor(N, 90_000);
    await new Promise((r) => setTimeout(r, 1500)); // room for any duplicate to show up
    const paid = await cluster.pool.query<{ merchant_uid: string; n: number }>(`select merchant_uid, count(*)::int as n from payments where merchant_uid like 'scale_%' group by merchant_uid`);
    assert.equal(paid.rows.length, N, 'every schedule produced a payment');
    assert.ok(paid.rows.every((r) => r.n === 1), 'one attempt per schedule');
    const { rows: [s] } = await cluster.pool.query(`select count(*) filter (where status = 'executed')::int as done, count(*)::int as total from schedules`);
    assert.deepEqual(s, { done: N, total: N });
    const ids = rx.received.map((r) => String(r.headers['webhook-id']));
    assert.equal(ids.length, N, 'no webhook was delivered twice');
    assert.equal(new Set(ids).size, N);
    assert.ok(rx.received.every((r) => JSON.parse(r.body).status === 'paid'));
  });
});
