/**
 * The database ceilings of one `again`: pgbench replaying its SQL on PostgreSQL, and the same SQL
 * replayed back to back on PGlite (pgbench cannot reach an embedded database). Both run with the
 * server stopped, on the database the server just used, so tables and indexes are the same size.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPglite } from '../../src/storage/pglite.ts';
import type { Captured } from './capture.ts';
import { pgbenchScript, replayStatements } from './replay-script.ts';

export type Ceiling = { tps: number; latencyAvgMs: number; clients: number; transactions: number; mode?: PgbenchMode };
/** `simple`: each statement parsed and planned every time; `prepared`: once per client, as the server's driver does. */
export type PgbenchMode = 'simple' | 'prepared';

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += String(d)));
    p.stderr.on('data', (d) => (out += String(d)));
    p.once('error', reject);
    p.once('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

export const pgArgs = (db: string) => ['-h', '127.0.0.1', '-p', '5432', '-U', 'root', db];

export async function psql(db: string, sql: string): Promise<string> {
  const r = await run('psql', [...pgArgs(db), '-XAtc', sql]);
  if (r.code !== 0) throw new Error(`psql: ${r.out}`);
  return r.out.trim();
}

export async function pgbenchCeiling(db: string, c: Captured, scriptPath: string, clients: number, seconds: number, mode: PgbenchMode): Promise<Ceiling> {
  writeFileSync(scriptPath, pgbenchScript(c));
  const common = ['-n', '-M', mode, '-f', scriptPath];
  // One replay first: a script that fails (or inserts nothing) must not produce a figure.
  const before = Number(await psql(db, "select count(*) from payments where merchant_uid like 'capture-%' and status = 'paid'"));
  const once = await run('pgbench', ['-c', '1', '-t', '1', ...common, ...pgArgs(db)]);
  const after = Number(await psql(db, "select count(*) from payments where merchant_uid like 'capture-%' and status = 'paid'"));
  if (once.code !== 0 || after !== before + 1) throw new Error(`pgbench script did not replay one paid again:\n${once.out}`);
  return pgbench(db, ['-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), ...common], clients, mode);
}

/** One pgbench run on `db` (args without the connection), read from its summary. */
export async function pgbench(db: string, args: string[], clients: number, mode: PgbenchMode): Promise<Ceiling> {
  const r = await run('pgbench', [...args, ...pgArgs(db)]);
  if (r.code !== 0) throw new Error(`pgbench failed:\n${r.out}`);
  const tps = /tps = ([0-9.]+) \(without initial connection time\)/.exec(r.out);
  const lat = /latency average = ([0-9.]+) ms/.exec(r.out);
  const n = /number of transactions actually processed: ([0-9]+)/.exec(r.out);
  if (!tps || !lat || !n) throw new Error(`cannot read pgbench output:\n${r.out}`);
  return { tps: Math.round(Number(tps[1])), latencyAvgMs: Number(lat[1]), clients, transactions: Number(n[1]), mode };
}

/** The PGlite ceiling: one connection (PGlite runs one query at a time), statements back to back. */
export async function pgliteCeiling(dataDir: string, c: Captured, seconds: number): Promise<Ceiling> {
  const db = await openPglite(join(dataDir, 'pgdata'));
  try {
    const replay = async () => {
      for (const s of replayStatements(c)) await db.query(s.sql, s.params);
    };
    for (let i = 0; i < 200; i++) await replay(); // warm-up, as the server had
    let n = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    while (performance.now() < end) {
      await replay();
      n++;
    }
    const ms = performance.now() - start;
    return { tps: Math.round((n * 1000) / ms), latencyAvgMs: Number((ms / n).toFixed(3)), clients: 1, transactions: n };
  } finally {
    await db.close();
  }
}
