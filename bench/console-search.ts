/**
 * The console's payment search at scale: loads 1,000,000 payments into PostgreSQL with
 * generate_series, then times page queries through the same app function the console calls
 * (app/search-payments.ts -> storage/payment-search.ts) and the dashboard aggregate.
 *
 *   npx tsx bench/console-search.ts            # DATABASE_URL or postgres://root@127.0.0.1:5432/test
 *   ROWS=200000 npx tsx bench/console-search.ts
 *
 * Runs in its own schema and drops it at the end. Prints a table of median / p95 milliseconds and
 * the plan of the deepest page, and writes bench/results/console-search.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../src/app/context.ts';
import { dashboard } from '../src/app/dashboard.ts';
import { searchPayments, type SearchQuery } from '../src/app/search-payments.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPostgres } from '../src/storage/postgres.ts';

const url = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/test';
const ROWS = Number(process.env.ROWS || 1_000_000);
const RUNS = Number(process.env.RUNS || 25);
const schema = `bench_console_${process.pid}`;
const BASE = 1_767_225_600; // 2026-01-01T00:00:00Z
const STEP = 15; // one attempt every 15 s: 1M rows span ~174 days

const db = await openPostgres({ url, schema, max: 4 });
try {
  await migrate(db);
  await db.query(`insert into merchants (id, code, name, created_at) values (1, 'imp00000001', 'bench', 0), (2, 'imp00000002', 'other', 0)`);
  await db.query(`insert into channels (id, merchant_id, provider, pg_id, purpose, created_at) values (1, 1, 'jtnet', 'mid', 'general', 0)`);
  const t0 = performance.now();
  // 90% of rows belong to merchant 1; statuses 70% paid, 10% failed, 10% cancelled, 10% ready.
  await db.query(`
    insert into payments (imp_uid, merchant_id, merchant_uid, channel_id, pay_method, channel, pg_provider, pg_id, sandbox, currency,
                          amount, cancel_amount, buyer_name, buyer_email, buyer_tel, name, status, status_at, started_at, paid_at,
                          failed_at, cancelled_at, fail_reason, updated_at)
    select 'imp_' || lpad(i::text, 12, '0'),
           case when i % 10 = 9 then 2 else 1 end,
           -- a failed attempt and the next (later cancelled) attempt share one merchant_uid
           'order_' || case when i % 10 = 7 then i + 1 else i end,
           1,
           case when i % 1000 = 7 then 'phone' when i % 20 = 0 then 'vbank' when i % 50 = 1 then 'trans' else 'card' end,
           'pc',
           (array['jtnet','payco','kicc','paymentwall'])[1 + i % 4],
           'mid', true, 'KRW',
           1000 + (i % 100) * 100,
           case when i % 10 = 8 then 1000 + (i % 100) * 100 else 0 end,
           'buyer_' || (i % 50000), 'buyer' || (i % 50000) || '@example.com', '010' || lpad((i % 50000)::text, 8, '0'),
           'order name ' || i,
           case when i % 10 < 7 then 'paid' when i % 10 = 7 then 'failed' when i % 10 = 8 then 'cancelled' else 'ready' end,
           ${BASE} + i * ${STEP} + 5,
           ${BASE} + i * ${STEP},
           case when i % 10 < 7 or i % 10 = 8 then ${BASE} + i * ${STEP} + 5 else 0 end,
           case when i % 10 = 7 then ${BASE} + i * ${STEP} + 5 else 0 end,
           case when i % 10 = 8 then ${BASE} + i * ${STEP} + 5 else 0 end,
           case when i % 10 = 7 then '[F121] 잔액부족' else null end,
           ${BASE} + i * ${STEP} + 5
      from generate_series(1, ${ROWS}) as i`);
  const loadMs = performance.now() - t0;
  await db.query('analyze payments');

  const now = BASE + ROWS * STEP + 60;
  const ctx = { db, now: () => now } as unknown as AppContext;
  const merchantId = 1;

  // A cursor deep in the list: the row at 60% of merchant 1's history (page ~10,000 of 50).
  const mid = Math.floor(ROWS * 0.4);
  const deep = `${BASE + mid * STEP}-imp_${String(mid).padStart(12, '0')}`;
  const day = 86400;
  const cases: [string, SearchQuery][] = [
    ['first page, no filter', {}],
    ['deep page (after cursor at 60%)', { after: deep }],
    ['deep page backwards (before cursor)', { before: deep }],
    ['status=failed', { status: 'failed' }],
    ['status=failed, deep', { status: 'failed', after: deep }],
    ['pg=kicc', { pgProvider: 'kicc' }],
    ['method=phone (rare, 0.1%)', { payMethod: 'phone' }],
    ['buyer e-mail', { buyer: 'BUYER4242@example.com' }],
    ['buyer name + status', { buyer: 'buyer_4242', status: 'paid' }],
    ['date range (one week, 60 days ago)', { from: now - 60 * day, to: now - 53 * day }],
    ['merchant_uid (2 attempts)', { merchantUid: `order_${mid + 8}` }],
    ['imp_uid', { impUid: `imp_${String(mid).padStart(12, '0')}` }],
    ['status+pg+date range', { status: 'paid', pgProvider: 'payco', from: now - 30 * day, to: now - 20 * day }],
  ];

  const time = async (fn: () => Promise<unknown>) => {
    await fn(); // warm
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    return { median: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]! };
  };

  const results: { case: string; rows: number; median: number; p95: number }[] = [];
  for (const [name, q] of cases) {
    const page = await searchPayments(ctx, merchantId, { ...q, limit: 50 });
    const t = await time(() => searchPayments(ctx, merchantId, { ...q, limit: 50 }));
    results.push({ case: name, rows: page.list.length, ...t });
  }
  const dash = await time(() => dashboard(ctx, merchantId, 14));
  results.push({ case: 'dashboard (14 days aggregate + failures)', rows: 14, ...dash });

  const plan = await db.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, buffers) select imp_uid from payments where merchant_id = 1 and (started_at, imp_uid) < ($1, $2) order by started_at desc, imp_uid desc limit 51`,
    [BASE + mid * STEP, `imp_${String(mid).padStart(12, '0')}`],
  );

  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\n${ROWS.toLocaleString('en-US')} payments loaded in ${(loadMs / 1000).toFixed(1)} s (PostgreSQL, ${RUNS} runs per case, 50 rows per page)\n`);
  console.log(`${pad('case', 44)} ${pad('rows', 5)} ${pad('median ms', 10)} p95 ms`);
  for (const r of results) console.log(`${pad(r.case, 44)} ${pad(String(r.rows), 5)} ${pad(r.median.toFixed(2), 10)} ${r.p95.toFixed(2)}`);
  console.log('\nplan of the deep page:\n' + plan.map((p) => p['QUERY PLAN']).join('\n'));
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'console-search.json'), JSON.stringify({ rows: ROWS, runs: RUNS, loadSec: loadMs / 1000, results, at: new Date().toISOString() }, null, 2) + '\n');
} finally {
  await db.exec(`drop schema if exists "${schema}" cascade`);
  await db.close();
}
