/**
 * `npm run bench:api`: the REST API benchmark. For each driver (default PostgreSQL; PGlite on request) on a
 * fresh database / data dir: capture the SQL of one `again`, start the server as a child process as
 * `npm start` runs it, warm up, load the empty route, `GET /payments/{imp_uid}` and `POST
 * /subscribe/payments/again` (closed loop, autocannon) and `again` open loop at BENCH_RATE/s, reading the
 * server's CPU counters around each load; stop the server; then, on PostgreSQL, run the fixed reference
 * transaction (reference.ts, the yardstick) and the ceiling made of the captured statements (diagnostic).
 *
 * Env: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (4), BENCH_CONNECTIONS (50), BENCH_DRIVERS (postgres),
 * BENCH_RATE (300), BENCH_CPU_PROF (a directory: the server writes a .cpuprofile there), BENCH_ONLY
 * (empty|get|again|open, or a comma list: only those loads; the others are skipped and so are reference and ceiling),
 * BENCH_OUT (the JSON written, default bench/results/latest-api.json). Targets 127.0.0.1 only.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/storage/pglite.ts';
import { openPostgres } from '../../src/storage/postgres.ts';
import { captureRequests, type Captured, type Statement } from './capture.ts';
import { pgArgs, pgbenchCeiling, pgliteCeiling, psql, type Ceiling, type PgbenchMode } from './ceilings.ts';
import { loadAgain, loadAgainOpen, loadEmpty, loadGet, prepareMerchant, usage, type LoadFigures, type Usage } from './load.ts';
import { fsyncProbe, type FsyncFigures } from './fsync-probe.ts';
import type { OpenLoopFigures } from './open-loop.ts';
import type { LoopStats, LoopWindow } from '../../src/loop-stats.ts';
import { REFERENCE, referenceTps } from './reference.ts';
import { machineSampler, tailReport, type TailReport } from './tail.ts';
import { backendCpuFrom, serverBackends, type BackendCpu } from './backends.ts';
import { repoRoot, startServer } from './server-process.ts';

const env = process.env;
const seconds = Number(env.BENCH_SECONDS ?? 10);
const warmupSeconds = Number(env.BENCH_WARMUP_SECONDS ?? 4);
const connections = Number(env.BENCH_CONNECTIONS ?? 50);
const rate = Number(env.BENCH_RATE ?? 300);
const drivers = (env.BENCH_DRIVERS ?? 'postgres').split(',').map((s) => s.trim()) as ('pglite' | 'postgres')[];
const cpuProfDir = env.BENCH_CPU_PROF ?? null;
const only = env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : null;
const resultsDir = join(repoRoot, 'bench', 'results');
const outFile = env.BENCH_OUT ?? join(resultsDir, 'latest-api.json');
const PG_BASE = 'postgres://root@127.0.0.1:5432';
/** The diagnostic ceiling (openimp's own statements): both protocols at the reference's client count. */
const PGBENCH_CLIENTS = [REFERENCE.clients];
const PGBENCH_MODES: PgbenchMode[] = ['simple', 'prepared'];

/**
 * CPU per request over one load, in ms: the whole process, its main thread, the fake PGs' worker thread, and
 * on PostgreSQL the server's backends by pool (backends.ts).
 */
type Cpu = { processMs: number; mainThreadMs: number | null; sandboxThreadMs: number | null; gatewayMs: number | null; sandboxActiveMs: number | null; postgresMs: BackendCpu | null };
/**
 * What a latency tail may be made of, over one load: the gateway's event-loop delay and GC pauses
 * (src/loop-stats.ts), and PostgreSQL's checkpoints, WAL written and WAL segment files added meanwhile.
 */
type Stalls = { gateway: LoopStats | null; postgres: { checkpoints: number; walMiB: number; walFilesAdded: number; backendFsyncs: number } | null };
type Measured<T> = T & { loadavgBefore: number; loadavgAfter: number; cpuPerRequest: Cpu; stalls: Stalls };

type DriverResult = {
  driver: string;
  empty: Measured<LoadFigures> | null;
  get: Measured<LoadFigures> | null;
  again: Measured<LoadFigures> | null;
  againOpen: (Measured<OpenLoopFigures> & { fsync: FsyncFigures; tail: TailReport | null }) | null;
  reference: Ceiling | null;
  ceiling: (Ceiling & { kind: string; all: Ceiling[] }) | null;
  ratios: { againToReference: number | null; againToCeiling: number | null; getToEmpty: number | null };
  statements: { again: number; againTransactions: number; get: number };
};

const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
/** Other work on the machine skews every figure: each load records the 1-minute load average around it. */
const load1 = () => round2(loadavg()[0]!);

function cpuPer(a: Usage, b: Usage, n: number, postgresMs: BackendCpu | null): Cpu {
  const d = (x: number | null | undefined, y: number | null | undefined) => (x == null || y == null || n === 0 ? null : round3((y - x) / n));
  const processMs = round3((b.processCpuUs.user + b.processCpuUs.system - a.processCpuUs.user - a.processCpuUs.system) / 1000 / Math.max(1, n));
  const sandboxThreadMs = d(a.sandbox?.cpuMs, b.sandbox?.cpuMs);
  return {
    processMs, mainThreadMs: d(a.mainThreadCpuMs, b.mainThreadCpuMs), sandboxThreadMs,
    // The gateway's share: the process minus the fake PGs' thread (its GC helper threads stay in).
    gatewayMs: sandboxThreadMs === null ? null : round3(processMs - sandboxThreadMs),
    sandboxActiveMs: d(a.sandbox?.activeMs, b.sandbox?.activeMs),
    postgresMs,
  };
}

const PG_COUNTERS = "select checkpoints_timed + checkpoints_req, buffers_backend_fsync, pg_current_wal_lsn() - '0/0', (select count(*) from pg_ls_waldir()) from pg_stat_bgwriter";
async function pgCounters(db: string | null): Promise<number[] | null> {
  return db === null ? null : (await psql(db, PG_COUNTERS)).split('|').map(Number);
}

async function measured<T extends { total?: number; done?: number }>(base: string, db: string | null, f: () => Promise<T>, onWindows?: (w: LoopWindow[]) => void): Promise<Measured<T>> {
  const loadavgBefore = load1();
  const p0 = await pgCounters(db);
  const backends = db === null ? null : await backendCpuFrom(db);
  const u0 = await usage(base);
  const r = await f();
  const u1 = await usage(base);
  const n = r.total ?? r.done ?? 0;
  const postgresMs = backends === null ? null : await backends(n);
  const p1 = await pgCounters(db);
  const postgres = p0 && p1 ? { checkpoints: p1[0]! - p0[0]!, backendFsyncs: p1[1]! - p0[1]!, walMiB: round2((p1[2]! - p0[2]!) / 2 ** 20), walFilesAdded: p1[3]! - p0[3]! } : null;
  // The server's 100 ms windows go to onWindows (the open loop lines them up with its slowest requests), not into the JSON.
  const { windows = [], ...gateway } = u1.loop ?? {};
  onWindows?.(windows);
  const stalls = { gateway: u1.loop ? (gateway as LoopStats) : null, postgres };
  return { ...r, loadavgBefore, loadavgAfter: load1(), cpuPerRequest: cpuPer(u0, u1, n, postgresMs), stalls };
}

/** Waits (bounded: BENCH_QUIET_WAIT_SECONDS, default 60) for the 1-minute load average to fall below 1. */
async function waitQuiet(): Promise<void> {
  const until = Date.now() + Number(env.BENCH_QUIET_WAIT_SECONDS ?? 60) * 1000;
  while (load1() >= 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 2000));
  log(`   load average before start: ${load1()}`);
}
const log = (s: string) => process.stdout.write(`${s}\n`);
/** Transactions one request runs: each BEGIN..COMMIT block, and each statement outside one (autocommit). */
function countTx(st: Statement[]): number {
  let open = false;
  let n = 0;
  for (const s of st) {
    if (s.sql === 'BEGIN') (open = true), n++;
    else if (s.sql === 'COMMIT' || s.sql === 'ROLLBACK') open = false;
    else if (!open) n++;
  }
  return n;
}

async function benchDriver(driver: 'pglite' | 'postgres'): Promise<{ result: DriverResult; captured: Captured }> {
  const tag = `${Date.now()}_${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), `openimp-bench-${driver}-`));
  const dbName = `openimp_bench_${tag}`;
  const databaseUrl = driver === 'postgres' ? `${PG_BASE}/${dbName}` : null;
  if (driver === 'postgres') execFileSync('createdb', pgArgs(dbName));
  try {
    log(`\n== ${driver}`);
    await waitQuiet();
    log(`== ${driver}: capturing the SQL of one again and one GET`);
    const cap = driver === 'pglite'
      ? await captureRequests(await openPglite(null), await openPglite(null))
      : await captureRequests(await openPostgres({ url: databaseUrl!, schema: 'bench_capture' }), await openPostgres({ url: databaseUrl!, schema: 'bench_capture_sandbox' }));
    if (driver === 'postgres') await psql(dbName, 'drop schema bench_capture cascade; drop schema bench_capture_sandbox cascade');
    log(`   again: ${cap.again.statements.length} statements; GET: ${cap.get.length}`);

    log(`== ${driver}: server (LOG_LEVEL=warn), ${connections} connections, warm-up ${warmupSeconds} s, ${seconds} s per load, open loop ${rate}/s`);
    const server = await startServer({ dataDir, databaseUrl, cpuProfDir });
    const pgDb = driver === 'postgres' ? dbName : null;
    const wanted = (k: string) => only === null || only.includes(k);
    let empty: DriverResult['empty'] = null, get: DriverResult['get'] = null, again: DriverResult['again'] = null, againOpen: DriverResult['againOpen'] = null;
    try {
      const token = await prepareMerchant(server.url);
      const o = { base: server.url, token, connections };
      const impUids: string[] = [];
      await loadAgain({ ...o, seconds: warmupSeconds, prefix: `warm-${tag}`, paidImpUids: impUids });
      await loadGet({ ...o, seconds: Math.max(1, warmupSeconds / 2), impUids });
      await loadEmpty({ ...o, seconds: Math.max(1, warmupSeconds / 2) });
      if (wanted('empty')) log(`   empty route   ${fmt((empty = await measured(server.url, pgDb, () => loadEmpty({ ...o, seconds }))))}`);
      if (wanted('get')) log(`   GET payment   ${fmt((get = await measured(server.url, pgDb, () => loadGet({ ...o, seconds, impUids }))))}`);
      if (wanted('again')) log(`   again closed  ${fmt((again = await measured(server.url, pgDb, () => loadAgain({ ...o, seconds, prefix: `run-${tag}` }))))}`);
      if (wanted('open')) {
        const backends = pgDb ? (await serverBackends(pgDb)).map((b) => b.pid) : [];
        const probe = await fsyncProbe();
        const sampled = machineSampler(server.pid, backends);
        let windows: LoopWindow[] = [];
        const open = await measured(server.url, pgDb, () => loadAgainOpen({ base: server.url, token, rate, seconds, prefix: `open-${tag}` }), (w) => (windows = w));
        againOpen = { ...open, fsync: await probe(), tail: tailReport(open.slowest, windows, sampled()) };
        log(`   again open    ${againOpen.achievedRps} req/s of ${rate} offered  p50 ${againOpen.p50} ms  p90 ${againOpen.p90} ms  p99 ${againOpen.p99} ms  max ${againOpen.max} ms  (${againOpen.done} done, ${againOpen.bad} bad, ${againOpen.errors} errors; send lag p99 ${againOpen.sendLagP99} ms; slowest 1 % in ${againOpen.tailWindows} windows of 100 ms from ${againOpen.tailFirstAtS} s; ${cpuFmt(againOpen.cpuPerRequest)}; load avg ${againOpen.loadavgBefore})\n                 ${stallFmt(againOpen.stalls)}\n                 disk probe: ${againOpen.fsync.syncs} fdatasyncs, p50 ${againOpen.fsync.p50Ms} / p99 ${againOpen.fsync.p99Ms} / max ${againOpen.fsync.maxMs} ms, ${againOpen.fsync.over50Ms} over 50 ms\n${tailFmt(againOpen.tail)}`);
      }
    } finally {
      await server.stop();
    }

    let reference: Ceiling | null = null;
    let ceiling: DriverResult['ceiling'] = null;
    if (only === null && driver === 'postgres') {
      log(`== ${driver}: fixed reference transaction (server stopped)`);
      reference = await referenceTps(dbName, join(resultsDir, 'reference.pgbench.sql'));
      log(`   reference: ${reference.tps} tps, ${reference.latencyAvgMs} ms avg (pgbench -c ${REFERENCE.clients} -j ${REFERENCE.threads} -T ${REFERENCE.seconds}; load avg ${load1()})`);
      log(`== ${driver}: diagnostic ceiling: openimp's own statements of one again`);
      const all: Ceiling[] = [];
      for (const mode of PGBENCH_MODES) {
        for (const c of PGBENCH_CLIENTS) {
          const r = await pgbenchCeiling(dbName, cap.again, join(resultsDir, 'again.pgbench.sql'), c, seconds, mode);
          log(`   pgbench -M ${mode} -c ${c}: ${r.tps} tps, ${r.latencyAvgMs} ms avg`);
          all.push(r);
        }
      }
      const best = all.reduce((a, b) => (b.tps > a.tps ? b : a));
      ceiling = { ...best, kind: `pgbench -M ${best.mode} -c ${best.clients} (best of -M ${PGBENCH_MODES.join('|')} × -c ${PGBENCH_CLIENTS.join(', ')})`, all };
    } else if (only === null) {
      const r = await pgliteCeiling(dataDir, cap.again, seconds);
      log(`   PGlite replay: ${r.tps} tps, ${r.latencyAvgMs} ms avg`);
      ceiling = { ...r, kind: 'PGlite replay, one connection, back to back', all: [r] };
    }
    const ratio = (x: number | undefined, y: number | undefined) => (x === undefined || y === undefined ? null : round2(x / y));
    const result: DriverResult = {
      driver, empty, get, again, againOpen, reference, ceiling,
      ratios: { againToReference: ratio(again?.rps, reference?.tps), againToCeiling: ratio(again?.rps, ceiling?.tps), getToEmpty: ratio(get?.rps, empty?.rps) },
      statements: { again: cap.again.statements.filter((s) => !['BEGIN', 'COMMIT'].includes(s.sql)).length, againTransactions: countTx(cap.again.statements), get: cap.get.length },
    };
    return { result, captured: cap.again };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (driver === 'postgres') execFileSync('dropdb', ['--if-exists', ...pgArgs(dbName)]);
  }
}

const stallFmt = (s: Stalls) => {
  const g = s.gateway;
  const p = s.postgres;
  return `${g ? `loop delay p99 ${g.loopDelayP99Ms} / max ${g.loopDelayMaxMs} ms, GC ${g.gcCount}× ${g.gcMs} ms (max ${g.gcMaxMs}, major ${g.majorGcMs})` : 'no loop stats'}${p ? `; PG checkpoints ${p.checkpoints}, WAL ${p.walMiB} MiB, +${p.walFilesAdded} WAL files` : ''}`;
};
const tailFmt = (t: TailReport | null) =>
  t === null ? '' : `                 slowest 1 % in flight in ${t.tailWindows} windows of 100 ms (${t.otherWindows} others); mean per window tail / others (tail max):\n${Object.entries(t.figures).map(([k, f]) => `                   ${k.padEnd(18)} ${f.tail} / ${f.other} (${f.tailMax})`).join('\n')}`;
const pgFmt = (p: BackendCpu | null) => (p === null ? '' : `; PostgreSQL backends: gateway ${p.gateway} ms, fake PG ${p.fakePg} ms, other ${p.other} ms${p.exited > 0 ? ` (${p.exited} exited during the load: their CPU is missing)` : ''}`);
const cpuFmt = (c: Cpu) => `CPU/req: process ${c.processMs} ms, gateway ${c.gatewayMs ?? '-'} ms (main thread ${c.mainThreadMs ?? '-'}), fake PG ${c.sandboxThreadMs ?? '-'} ms${pgFmt(c.postgresMs)}`;
const fmt = (f: Measured<LoadFigures>) =>
  `${String(f.rps).padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  (${f.total} requests, ${f.bad} bad, ${f.errors} errors; ${cpuFmt(f.cpuPerRequest)}; load avg ${f.loadavgBefore})\n                 ${stallFmt(f.stalls)}`;

mkdirSync(resultsDir, { recursive: true });
const results: DriverResult[] = [];
let captured: Captured | null = null;
for (const d of drivers) {
  const r = await benchDriver(d);
  results.push(r.result);
  captured = r.captured;
}
const pgVersion = drivers.includes('postgres') ? await psql('postgres', 'show server_version') : null;
const out = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: round2(totalmem() / 2 ** 30), freeGiB: round2(freemem() / 2 ** 30), node: process.version, postgres: pgVersion, loadavgAtEnd: loadavg().map(round2) },
  settings: { connections, seconds, warmupSeconds, openLoopRate: rate, logLevel: 'warn', loadGenerator: 'autocannon 9 (closed loop) and node:http open loop, in the runner process, same machine', reference: REFERENCE },
  targets: { againToReference: 0.3, gatewayCpuMsPerAgain: 1, openLoopP99Ms: 50, getToEmpty: 0.5, getP99Ms: 25 },
  results,
};
if (captured) writeFileSync(join(resultsDir, 'again-statements.json'), JSON.stringify(captured, null, 2) + '\n');
writeFileSync(outFile, JSON.stringify(out, null, 2) + '\n');

log('\n| driver | again req/s (closed) | p50 / p99 | reference tps | ratio | ceiling tps | open loop req/s | p50 / p99 | gateway CPU ms/again | fake PG ms/charge | PostgreSQL ms/again (gateway / fake PG) | GET req/s | p99 | empty req/s | ratio |');
log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const c = r.againOpen?.cpuPerRequest ?? r.again?.cpuPerRequest;
  log(`| ${r.driver} | ${r.again?.rps ?? '-'} | ${r.again?.p50 ?? '-'} / ${r.again?.p99 ?? '-'} | ${r.reference?.tps ?? '-'} | ${r.ratios.againToReference ?? '-'} | ${r.ceiling?.tps ?? '-'} | ${r.againOpen?.achievedRps ?? '-'} | ${r.againOpen?.p50 ?? '-'} / ${r.againOpen?.p99 ?? '-'} | ${c?.gatewayMs ?? '-'} | ${c?.sandboxThreadMs ?? '-'} | ${c?.postgresMs ? `${c.postgresMs.gateway} / ${c.postgresMs.fakePg}` : '-'} | ${r.get?.rps ?? '-'} | ${r.get?.p99 ?? '-'} | ${r.empty?.rps ?? '-'} | ${r.ratios.getToEmpty ?? '-'} |`);
}
log(`\nwritten: ${outFile}`);
