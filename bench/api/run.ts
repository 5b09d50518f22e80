/**
 * `npm run bench:api`: the REST API benchmark. For each driver (PGlite, PostgreSQL) on a fresh data
 * dir / fresh database: capture the SQL of one `again`, start the server as a child process, warm up,
 * load the empty route, `GET /payments/{imp_uid}` and `POST /subscribe/payments/again` in turn, stop the
 * server, then measure the database ceiling of one `again` (pgbench, or a PGlite replay).
 *
 * Env: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (4), BENCH_CONNECTIONS (50), BENCH_DRIVERS (pglite,postgres),
 * BENCH_CPU_PROF (a directory: the server writes a .cpuprofile there), BENCH_ONLY (empty|get|again: profile one
 * load; the others are skipped and so is the ceiling). Targets 127.0.0.1 only.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/storage/pglite.ts';
import { openPostgres } from '../../src/storage/postgres.ts';
import { captureRequests, type Captured, type Statement } from './capture.ts';
import { pgArgs, pgbenchCeiling, pgliteCeiling, psql, type Ceiling, type PgbenchMode } from './ceilings.ts';
import { loadAgain, loadEmpty, loadGet, prepareMerchant, type LoadFigures } from './load.ts';
import { repoRoot, startServer } from './server-process.ts';

const env = process.env;
const seconds = Number(env.BENCH_SECONDS ?? 10);
const warmupSeconds = Number(env.BENCH_WARMUP_SECONDS ?? 4);
const connections = Number(env.BENCH_CONNECTIONS ?? 50);
const drivers = (env.BENCH_DRIVERS ?? 'pglite,postgres').split(',').map((s) => s.trim()) as ('pglite' | 'postgres')[];
const cpuProfDir = env.BENCH_CPU_PROF ?? null;
const only = env.BENCH_ONLY ?? null;
const skipped: LoadFigures = { rps: 0, p50: 0, p99: 0, avg: 0, max: 0, total: 0, bad: 0, errors: 0 };
const resultsDir = join(repoRoot, 'bench', 'results');
const PG_BASE = 'postgres://root@127.0.0.1:5432';
/** Clients pgbench runs with: 10 (on 2 cores fewer clients than the server pool of 20 contend less), and the HTTP connection count. */
const PGBENCH_CLIENTS = [10, connections];
/** The server's driver prepares its statements, so the ceiling is the better of both protocols. */
const PGBENCH_MODES: PgbenchMode[] = ['simple', 'prepared'];

type DriverResult = {
  driver: string;
  empty: LoadFigures;
  get: LoadFigures;
  again: LoadFigures;
  ceiling: Ceiling & { kind: string; all?: Ceiling[] };
  ratios: { againToCeiling: number; getToEmpty: number };
  statements: { again: number; againTransactions: number; get: number };
};

const round2 = (x: number) => Math.round(x * 100) / 100;
/** Other work on the machine skews every figure: each load records the 1-minute load average around it. */
const load1 = () => round2(loadavg()[0]!);
async function measured(f: () => Promise<LoadFigures>): Promise<LoadFigures & { loadavgBefore: number; loadavgAfter: number }> {
  const loadavgBefore = load1();
  const r = await f();
  return { ...r, loadavgBefore, loadavgAfter: load1() };
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
    const cap = driver === 'pglite' ? await captureRequests(await openPglite(null)) : await captureRequests(await openPostgres({ url: databaseUrl!, schema: 'bench_capture' }));
    if (driver === 'postgres') await psql(dbName, 'drop schema bench_capture cascade');
    log(`   again: ${cap.again.statements.length} statements; GET: ${cap.get.length}`);

    log(`== ${driver}: server (LOG_LEVEL=warn), ${connections} connections, warm-up ${warmupSeconds} s, ${seconds} s per load`);
    const server = await startServer({ dataDir, databaseUrl, cpuProfDir });
    let empty: LoadFigures, get: LoadFigures, again: LoadFigures;
    try {
      const token = await prepareMerchant(server.url);
      const o = { base: server.url, token, connections };
      const impUids: string[] = [];
      await loadAgain({ ...o, seconds: warmupSeconds, prefix: `warm-${tag}`, paidImpUids: impUids });
      await loadGet({ ...o, seconds: Math.max(1, warmupSeconds / 2), impUids });
      await loadEmpty({ ...o, seconds: Math.max(1, warmupSeconds / 2) });
      const wanted = (k: string) => only === null || only === k;
      empty = wanted('empty') ? await measured(() => loadEmpty({ ...o, seconds })) : skipped;
      log(`   empty route   ${fmt(empty)}`);
      get = wanted('get') ? await measured(() => loadGet({ ...o, seconds, impUids })) : skipped;
      log(`   GET payment   ${fmt(get)}`);
      again = wanted('again') ? await measured(() => loadAgain({ ...o, seconds, prefix: `run-${tag}` })) : skipped;
      log(`   again         ${fmt(again)}`);
    } finally {
      await server.stop();
    }

    log(`== ${driver}: SQL ceiling of one again (server stopped)`);
    let ceiling: DriverResult['ceiling'];
    if (only !== null) {
      ceiling = { tps: 1, latencyAvgMs: 0, clients: 0, transactions: 0, kind: 'skipped (BENCH_ONLY)' };
    } else if (driver === 'postgres') {
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
    } else {
      const r = await pgliteCeiling(dataDir, cap.again, seconds);
      log(`   PGlite replay: ${r.tps} tps, ${r.latencyAvgMs} ms avg`);
      ceiling = { ...r, kind: 'PGlite replay, one connection, back to back' };
    }
    const result: DriverResult = {
      driver, empty, get, again, ceiling,
      ratios: { againToCeiling: round2(again.rps / ceiling.tps), getToEmpty: round2(get.rps / empty.rps) },
      statements: { again: cap.again.statements.filter((s) => !['BEGIN', 'COMMIT'].includes(s.sql)).length, againTransactions: countTx(cap.again.statements), get: cap.get.length },
    };
    return { result, captured: cap.again };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (driver === 'postgres') execFileSync('dropdb', ['--if-exists', ...pgArgs(dbName)]);
  }
}

const fmt = (f: LoadFigures & { loadavgBefore?: number }) =>
  `${String(f.rps).padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  (${f.total} requests, ${f.bad} bad, ${f.errors} errors; load avg ${f.loadavgBefore ?? '-'})`;

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
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: round2(totalmem() / 2 ** 30), freeGiB: round2(freemem() / 2 ** 30), node: process.version, postgres: pgVersion },
  settings: { connections, seconds, warmupSeconds, logLevel: 'warn', loadGenerator: 'autocannon 9 in the runner process, same machine' },
  targets: { againToCeiling: 0.6, getToEmpty: 0.5, p99Ms: 50 },
  results,
};
if (captured) writeFileSync(join(resultsDir, 'again-statements.json'), JSON.stringify(captured, null, 2) + '\n');
writeFileSync(join(resultsDir, 'latest-api.json'), JSON.stringify(out, null, 2) + '\n');

log('\n| driver | again req/s | p50 | p99 | SQL ceiling tps | ratio | GET req/s | p50 | p99 | empty req/s | ratio |');
log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  log(`| ${r.driver} | ${r.again.rps} | ${r.again.p50} | ${r.again.p99} | ${r.ceiling.tps} | ${r.ratios.againToCeiling} | ${r.get.rps} | ${r.get.p50} | ${r.get.p99} | ${r.empty.rps} | ${r.ratios.getToEmpty} |`);
}
log(`\nwritten: bench/results/latest-api.json`);
