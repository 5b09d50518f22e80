/** Applies the plain-SQL migrations in ./migrations in name order, each once, under an advisory lock. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

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
  });
  return applied;
}

/** Splits a migration on semicolons at line ends; migrations avoid `$$` bodies so this stays simple. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
