/** The production driver: a real PostgreSQL through a `pg` pool. */
import pg from 'pg';
import type { Db, Queryable, Row } from './db.ts';

// int8 columns hold minor units and UNIX seconds, all within Number.MAX_SAFE_INTEGER.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type PostgresOptions = { url: string; max?: number; schema?: string };

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
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const r = await c.query(sql, params as unknown[]);
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
