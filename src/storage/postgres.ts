/** The production driver: a real PostgreSQL through a `pg` pool. */
import pg from 'pg';
import type { Db, Queryable, Row } from './db.ts';

// int8 columns hold minor units and UNIX seconds, all within Number.MAX_SAFE_INTEGER.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type PostgresOptions = { url: string; max?: number; schema?: string };

/** Distinct statements kept prepared per connection; SQL built with inlined values beyond this runs unnamed. */
const MAX_PREPARED = 500;

/**
 * A name per distinct parameterized statement, so each connection parses and plans it once
 * (`pg` prepares a named statement on first use per connection). Scripts without parameters run
 * unnamed through the simple protocol, which also allows several statements in one string.
 */
function statementNames(): (sql: string, params: readonly unknown[]) => string | undefined {
  const names = new Map<string, string>();
  return (sql, params) => {
    if (params.length === 0) return undefined;
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED) names.set(sql, (name = `openimp_${names.size}`));
    return name;
  };
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    // A schema per test run keeps suites isolated on one shared database.
    options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
  });
  if (opts.schema) {
    await pool.query(`create schema if not exists "${opts.schema}"`);
  }
  const nameOf = statementNames();
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const r = await c.query({ text: sql, values: params as unknown[], name: nameOf(sql, params) });
      return r.rows as T[];
    },
  });
  const root = wrap(pool);
  return {
    driver: 'postgres',
    query: root.query,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const out = await fn(wrap(client));
        await client.query('commit');
        return out;
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
