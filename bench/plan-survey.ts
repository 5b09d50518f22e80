/**
 * `npx tsx bench/plan-survey.ts`: which of openimp's statements PostgreSQL plans on every execution.
 * The gateway and its fake PGs run in this process on a fresh database (recording every statement with its
 * parameters) through the hot paths: getToken, a billing key, `again`, `onetime`, `GET /payments/{imp_uid}`,
 * schedules charged by the scheduler, their webhooks sent by the outbox. Then each parameterized statement
 * runs BENCH_PLAN_RUNS (30) times, named, on one connection (inside a transaction rolled back, so nothing
 * changes), and pg_prepared_statements tells whether the plan cache settled on a generic plan.
 * For the statements left on custom plans: backend CPU (/proc/<pid>/schedstat) per execution, over
 * BENCH_PLAN_CPU_RUNS (3000) runs, with plan_cache_mode auto and force_generic_plan.
 * Env: BENCH_PLAN_ALL=1 prints every statement (default: those on custom plans and a count of the rest);
 * BENCH_PLAN_CPU_MATCH (a regular expression): also measure the CPU of the statements it matches.
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.ts';
import { createGateway } from '../src/gateway.ts';
import { createLogger } from '../src/logger.ts';
import { startSandbox } from '../src/sandbox-wiring.ts';
import type { Db } from '../src/storage/db.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { startReceiver } from '../test/support/webhook-receiver.ts';
import { backendRunNs } from './api/backends.ts';
import { observedDb } from './api/capture.ts';
import { pgArgs } from './api/ceilings.ts';
import { BENCH_ENCRYPTION_KEY, DEMO } from './api/server-process.ts';

const RUNS = Number(process.env.BENCH_PLAN_RUNS ?? 30);
const CPU_RUNS = Number(process.env.BENCH_PLAN_CPU_RUNS ?? 3000);
const showAll = process.env.BENCH_PLAN_ALL === '1';
const cpuMatch = process.env.BENCH_PLAN_CPU_MATCH ? new RegExp(process.env.BENCH_PLAN_CPU_MATCH) : null;
const dbName = `openimp_bench_plans_${Date.now()}_${process.pid}`;
const url = `postgres://root@127.0.0.1:5432/${dbName}`;

type Seen = Map<string, unknown[]>;
/** Keeps the last parameters of every parameterized statement run through `db`. */
const recording = (db: Db, seen: Seen): Db => observedDb(db, (sql, params) => params.length > 0 && seen.set(sql, [...params]));

async function drive(gatewaySeen: Seen, sandboxSeen: Seen): Promise<void> {
  const rx = await startReceiver();
  const env = { OPENIMP_ALLOW_PRIVATE_URLS: '1', OPENIMP_SCHEDULER_INTERVAL_MS: '100', OPENIMP_OUTBOX_INTERVAL_MS: '100' };
  const config: Config = { ...loadConfig(env), databaseUrl: url, logLevel: 'warn', encryptionKey: BENCH_ENCRYPTION_KEY, demo: { ...DEMO } };
  const sandboxDb = recording(await openPostgres({ url, schema: 'survey_sandbox', max: 1 }), sandboxSeen);
  const sandbox = await startSandbox(sandboxDb, { port: 0, host: '127.0.0.1', adminToken: 'survey', timeoutDelayMs: config.pgTimeoutMs + 200 });
  const db = recording(await openPostgres({ url, schema: 'survey', max: 2 }), gatewaySeen);
  const gw = await createGateway({ config, db, log: createLogger('warn'), sandbox });
  try {
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown, token?: string) => {
      const res = await gw.app.inject({ method, url: path, payload: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
      const json = JSON.parse(res.body) as { code: number; response: any };
      if (json.code !== 0) throw new Error(`${method} ${path}: ${res.body}`);
      return json.response;
    };
    const card = { card_number: '9366-0000-0000-0009', expiry: '2030-12', birth: '820213', pwd_2digit: '00' };
    const notice_url = rx.url();
    let token = '';
    for (let i = 0; i < 10; i++) token = (await call('POST', '/users/getToken', { imp_key: DEMO.impKey, imp_secret: DEMO.impSecret })).access_token;
    await call('POST', '/subscribe/customers/survey-1', card, token);
    const at = Math.floor(Date.now() / 1000) + 1;
    for (let i = 0; i < 10; i++) {
      const paid = await call('POST', '/subscribe/payments/again', { customer_uid: 'survey-1', merchant_uid: `again-${i}`, amount: 1000, name: 'survey', notice_url }, token);
      await call('GET', `/payments/${paid.imp_uid}`, undefined, token);
      await call('POST', '/subscribe/payments/onetime', { ...card, merchant_uid: `onetime-${i}`, amount: 1000, name: 'survey', notice_url }, token);
      await call('POST', '/subscribe/payments/schedule', { customer_uid: 'survey-1', schedules: [{ merchant_uid: `schedule-${i}`, schedule_at: at, amount: 1000, name: 'survey', notice_url }] }, token);
    }
    await rx.waitFor(30, 30_000);
  } finally {
    await gw.close();
    await sandbox.close();
    await sandboxDb.close();
    await rx.close();
  }
}

/** One connection in `schema`: runs `sql` named, `runs` times, each in a transaction rolled back. */
async function runNamed(c: pg.Client, name: string, sql: string, params: unknown[], runs: number): Promise<void> {
  for (let i = 0; i < runs; i++) {
    await c.query('begin');
    await c.query({ name, text: sql, values: params }).catch(() => undefined);
    await c.query('rollback');
  }
}

async function survey(label: string, schema: string, seen: Seen): Promise<string[]> {
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await c.connect();
  const stuck: string[] = [];
  try {
    let i = 0;
    const names = new Map<string, string>();
    for (const [sql, params] of seen) {
      const name = `s${i++}`;
      names.set(name, sql);
      await runNamed(c, name, sql, params, RUNS);
    }
    const rows = (await c.query<{ name: string; generic_plans: string; custom_plans: string }>('select name, generic_plans, custom_plans from pg_prepared_statements')).rows;
    for (const r of rows) {
      const sql = names.get(r.name)!;
      const custom = Number(r.custom_plans) > 5;
      if (custom || cpuMatch?.test(sql)) stuck.push(sql);
      if (custom || showAll) process.stdout.write(`${label} generic ${r.generic_plans} custom ${r.custom_plans}: ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
    }
    process.stdout.write(`${label}: ${rows.length} statements, ${rows.filter((r) => Number(r.custom_plans) > 5).length} planned on every execution\n`);
  } finally {
    await c.end();
  }
  return stuck;
}

/** Backend CPU (µs) per execution of `sql`, after a warm-up, under one plan_cache_mode. */
async function cpuPerRun(schema: string, sql: string, params: unknown[], mode: string): Promise<number> {
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema} -c plan_cache_mode=${mode}` });
  await c.connect();
  try {
    const pid = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    await runNamed(c, 'cpu', sql, params, 50);
    const t0 = backendRunNs(pid)!;
    await runNamed(c, 'cpu', sql, params, CPU_RUNS);
    return Math.round((backendRunNs(pid)! - t0) / CPU_RUNS / 1000);
  } finally {
    await c.end();
  }
}

execFileSync('createdb', pgArgs(dbName));
try {
  const gatewaySeen: Seen = new Map();
  const sandboxSeen: Seen = new Map();
  await drive(gatewaySeen, sandboxSeen);
  const stuck = [
    ...(await survey('gateway', 'survey', gatewaySeen)).map((sql) => ({ schema: 'survey', sql, params: gatewaySeen.get(sql)! })),
    ...(await survey('fake PG', 'survey_sandbox', sandboxSeen)).map((sql) => ({ schema: 'survey_sandbox', sql, params: sandboxSeen.get(sql)! })),
  ];
  for (const s of stuck) {
    const auto = [await cpuPerRun(s.schema, s.sql, s.params, 'auto'), await cpuPerRun(s.schema, s.sql, s.params, 'auto')];
    const generic = [await cpuPerRun(s.schema, s.sql, s.params, 'force_generic_plan'), await cpuPerRun(s.schema, s.sql, s.params, 'force_generic_plan')];
    process.stdout.write(`backend CPU per execution (begin + statement + rollback), µs: auto ${auto.join(', ')} / force_generic_plan ${generic.join(', ')}: ${s.sql.replace(/\s+/g, ' ').slice(0, 100)}\n`);
  }
} finally {
  execFileSync('dropdb', ['--if-exists', ...pgArgs(dbName)]);
}
