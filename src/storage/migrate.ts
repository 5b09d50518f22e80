/** Applies the plain-SQL migrations in ./migrations in name order, each once, under an advisory lock. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { providers } from '../core/payment.ts';
import type { Db, Queryable } from './db.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  await db.tx(async (q) => {
    // Several processes may start at once on one PostgreSQL: one migrates, the others wait (the
    // bookkeeping table too: `create table if not exists` is not safe against itself).
    await q.query('select pg_advisory_xact_lock(7245001)');
    await q.query('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())');
    const done = new Set((await q.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name));
    for (const f of files) {
      if (done.has(f)) continue;
      const sql = readFileSync(join(dir, f), 'utf8');
      for (const stmt of splitStatements(sql)) await q.query(stmt);
      await q.query('insert into schema_migrations (name) values ($1)', [f]);
      applied.push(f);
    }
    await syncProviderCheck(q);
  });
  return applied;
}

/**
 * The channels' provider check allows exactly core's `providers` (the PG registry's one list), so adding
 * a PG needs no migration: rebuilt at start when it allows another set (a channel of a PG no longer
 * listed then stops the start).
 */
async function syncProviderCheck(q: Queryable): Promise<void> {
  const checks = await q.query<{ name: string; def: string }>(
    "select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'channels'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%provider%'");
  const allowed = (def: string) => [...def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]!).sort().join(',');
  const want = [...providers].sort().join(',');
  if (checks.length === 1 && allowed(checks[0]!.def) === want) return;
  for (const c of checks) await q.query(`alter table channels drop constraint "${c.name}"`);
  if (!providers.every((p) => /^[a-z_]+$/.test(p))) throw new Error('provider names must be [a-z_]+');
  const list = providers.map((p) => `'${p}'`).join(', ');
  await q.query(`alter table channels add constraint channels_provider_check check (provider in (${list}))`);
}

/** Splits a migration on semicolons at line ends; migrations avoid `$$` bodies so this stays simple. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
