/**
 * Scheduler and outbox benchmark: BENCH_SCHEDULES (default 100,000) schedules fall due at once and two
 * openimp processes drain them from one PostgreSQL. Reports the drain time, duplicate charges and missed
 * schedules (both must be 0), and the webhook delay from commit (enqueued_at) to a local receiver.
 * Bounded (BENCH_TIMEOUT_SEC, default 1800) and 127.0.0.1 only. Writes bench/results/scheduler-outbox-latest.json
 * and prints the run's row for the "Scheduler and outbox" table of bench/README.md.  Run: npx tsx bench/scheduler-outbox.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createCluster } from '../test/support/cluster.ts';
import { startReceiver } from '../test/support/webhook-receiver.ts';

const dbUrl = process.env.BENCH_DATABASE_URL ?? process.env.OPENIMP_TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const N = Number(process.env.BENCH_SCHEDULES ?? 100_000);
const deadline = Date.now() + Number(process.env.BENCH_TIMEOUT_SEC ?? 1800) * 1000;
// The scheduler runs with its defaults (BENCH_SCHEDULER_CONCURRENCY / BENCH_SCHEDULER_BATCH override them for a comparison).
const env: Record<string, string> = {
  OPENIMP_SCHEDULER_INTERVAL_MS: '200',
  OPENIMP_OUTBOX_INTERVAL_MS: '200', OPENIMP_OUTBOX_BATCH: '200', OPENIMP_OUTBOX_CONCURRENCY: '32',
};
if (process.env.BENCH_SCHEDULER_CONCURRENCY) env.OPENIMP_SCHEDULER_CONCURRENCY = process.env.BENCH_SCHEDULER_CONCURRENCY;
if (process.env.BENCH_SCHEDULER_BATCH) env.OPENIMP_SCHEDULER_BATCH = process.env.BENCH_SCHEDULER_BATCH;

/** utime + stime of a process (all its threads) in ms, from /proc; null once it is gone. */
function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/**
 * CPU used by the cluster: its openimp processes and its PostgreSQL backends (named by the cluster's
 * application_name). Backends come and go with the pools, so each is sampled while it lives and its
 * last sample counts; CPU a backend had used before `start` is subtracted.
 */
function cpuMeter(pids: number[], backends: () => Promise<number[]>) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = async (ids: number[]) => {
    for (const pid of ids) {
      const ms = cpuMsOf(pid);
      if (ms === null) continue;
      if (!first.has(pid)) first.set(pid, ms);
      last.set(pid, ms);
    }
  };
  const used = (ids: Iterable<number>) => [...ids].reduce((sum, pid) => sum + (last.get(pid)! - first.get(pid)!), 0);
  return {
    sample: async () => sample([...pids, ...(await backends())]),
    openimpMs: () => used(pids.filter((p) => last.has(p))),
    postgresMs: () => used([...last.keys()].filter((p) => !pids.includes(p))),
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const rx = await startReceiver();
const cluster = await createCluster(dbUrl);
try {
  await cluster.start(2, env);
  const [a] = cluster.urls as [string];
  const token = await cluster.token(a);
  const key = await cluster.call(a, 'POST', '/subscribe/customers/bench_c', { card_number: '9366-0000-0000-0009', expiry: '2030-12', birth: '820213', pwd_2digit: '12' }, token);
  if (key.code !== 0) throw new Error(`billing key: ${JSON.stringify(key)}`);

  // Seeding 100k through the API would measure the API; the rows are the same either way.
  const dueAt = Math.floor(Date.now() / 1000) + 15;
  const loadBefore = loadavg()[0]!;
  const t0 = Date.now();
  await cluster.pool.query(
    `insert into schedules (merchant_id, merchant_uid, customer_uid, pg_provider, pg_id, schedule_at, currency, amount, notice_urls, status, created_at, updated_at)
     select m.id, 'bench_' || g, 'bench_c', 'jtnet', 'tpaytest1m', $1, 'KRW', 1000, $2, 'scheduled', $1, $1
     from merchants m, generate_series(1, $3) g where m.code = 'imp20000001'`,
    [dueAt, JSON.stringify([rx.url()]), N],
  );
  console.log(`seeded ${N} schedules in ${Date.now() - t0} ms; due at ${new Date(dueAt * 1000).toISOString()}`);
  const meter = cpuMeter(cluster.pids, async () =>
    (await cluster.pool.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()', [cluster.schema])).rows.map((r) => r.pid));
  while (Date.now() < dueAt * 1000) await sleep(50);
  await meter.sample();
  const start = Date.now();

  let drainedMs: number | null = null;
  for (;;) {
    const { rows: [s] } = await cluster.pool.query<{ left: number }>(`select count(*)::int as left from schedules where status = 'scheduled'`);
    if (drainedMs === null && s!.left === 0) {
      // "drained" = every schedule ran and recorded its outcome
      const { rows: [r] } = await cluster.pool.query<{ busy: number }>(`select count(*)::int as busy from schedules where lease_owner is not null`);
      if (r!.busy === 0) drainedMs = Date.now() - start;
    }
    if (drainedMs !== null && rx.received.length >= N) break;
    if (Date.now() > deadline) {
      console.error(`timed out: ${s!.left} schedules left, ${rx.received.length} webhooks received`);
      break;
    }
    process.stdout.write(`\r${N - s!.left}/${N} executed, ${rx.received.length} webhooks   `);
    await meter.sample();
    await sleep(1000);
  }
  const webhooksMs = Date.now() - start;
  await meter.sample();
  const loadAfter = loadavg()[0]!;
  await sleep(2000); // let any duplicate arrive
  console.log('');

  const { rows: [c] } = await cluster.pool.query<{ paid: number; attempts: number; dup: number }>(
    `select count(distinct merchant_uid) filter (where status = 'paid')::int as paid, count(*)::int as attempts,
            (count(*) filter (where status = 'paid') - count(distinct merchant_uid) filter (where status = 'paid'))::int as dup
     from payments where merchant_uid like 'bench_%'`);
  const { rows: [e] } = await cluster.pool.query<{ n: number }>(`select count(*)::int as n from schedules where status = 'executed'`);
  const enq = new Map((await cluster.pool.query<{ id: number; ms: number }>(`select id, (extract(epoch from enqueued_at) * 1000)::float8 as ms from webhook_deliveries`)).rows.map((r) => [`msg_${r.id}`, Number(r.ms)]));
  const ids = rx.received.map((r) => String(r.headers['webhook-id']));
  const delays = rx.received.map((r) => r.at - (enq.get(String(r.headers['webhook-id'])) ?? NaN)).filter(Number.isFinite).sort((x, y) => x - y);
  const result = {
    schedules: N, processes: 2, cpus: cpus().length, env,
    drainSec: drainedMs === null ? null : drainedMs / 1000,
    chargesPerSec: drainedMs === null ? null : Math.round(N / (drainedMs / 1000)),
    executed: e!.n, paid: c!.paid, attempts: c!.attempts, duplicateCharges: c!.dup, missed: N - c!.paid,
    webhooksReceived: ids.length, duplicateWebhooks: ids.length - new Set(ids).size, webhooksDoneSec: webhooksMs / 1000,
    cpuMsPerCharge: { openimp: Math.round((meter.openimpMs() / N) * 100) / 100, postgres: Math.round((meter.postgresMs() / N) * 100) / 100 },
    loadavg: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadAfter * 10) / 10 },
    delayP50ms: Math.round(pct(delays, 50)), delayP99ms: Math.round(pct(delays, 99)), delayMaxms: Math.round(delays.at(-1) ?? NaN),
  };
  console.log(JSON.stringify(result, null, 2));
  writeResult(result);
} finally {
  await cluster.stop();
  await rx.close();
}

/**
 * The run as JSON (bench/results/scheduler-outbox-latest.json) and as a row of the runs table in the
 * "Scheduler and outbox" section of bench/README.md, printed to paste there: the section keeps every
 * earlier run beside it, so the script does not rewrite it.
 */
function writeResult(r: Record<string, any>): void {
  writeFileSync(new URL('./results/scheduler-outbox-latest.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), ...r }, null, 2)}\n`);
  const row = [
    `${new Date().toISOString().slice(0, 10)}`, r.schedules.toLocaleString('en-US'), `${r.loadavg.before}–${r.loadavg.after}`, `${r.drainSec} s`, r.chargesPerSec,
    `${r.duplicateCharges} / ${r.missed}`, `${r.webhooksReceived} (${r.duplicateWebhooks})`, `${r.delayP50ms} / ${r.delayP99ms} / ${r.delayMaxms} ms`,
    `${r.cpuMsPerCharge.openimp} / ${r.cpuMsPerCharge.postgres}`,
  ];
  console.log(`\nREADME row:\n| ${row.join(' | ')} |`);
}
