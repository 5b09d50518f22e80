/** The production driver: a real PostgreSQL through a `pg` pool. */
import pg from 'pg';
import type { Db, Listener, Queryable, Row } from './db.ts';

// int8 columns hold minor units and UNIX seconds, all within Number.MAX_SAFE_INTEGER.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * `prepare: false` runs every statement unnamed (a pooler in transaction mode cannot keep them per client).
 * `genericPlans`: the pool's sessions run with plan_cache_mode=force_generic_plan, so a named statement is
 * planned once per connection whatever its parameters; for a pool whose statements are all primary-key
 * accesses (the fake PGs' books), where no value can deserve a plan of its own.
 * `applicationName`: the sessions' application_name (pg_stat_activity; the api bench tells the pools apart by it).
 */
export type PostgresOptions = { url: string; max?: number; schema?: string; prepare?: boolean; idleSeconds?: number; genericPlans?: boolean; applicationName?: string };

/**
 * How long an idle pooled connection stays open (0: until the pool ends). `pg`'s own default, 10 s, closed
 * the connections a burst had opened as soon as traffic eased, so the next burst paid for new backends and
 * for preparing every statement again on each, inside the slowest requests (bench/README.md, "Latency tail").
 * PgBouncer keeps an idle server connection 600 s by default; so do we.
 */
export const DEFAULT_POOL_IDLE_SECONDS = 600;

/** Distinct statements kept prepared per connection; SQL built with inlined values beyond this runs unnamed. */
const MAX_PREPARED = 500;

/**
 * A name per distinct parameterized statement, so each connection parses and plans it once
 * (`pg` prepares a named statement on first use per connection). Scripts without parameters run
 * unnamed through the simple protocol, which also allows several statements in one string.
 */
function statementNames(prepare: boolean): (sql: string, params: readonly unknown[]) => string | undefined {
  const names = new Map<string, string>();
  return (sql, params) => {
    if (!prepare || params.length === 0) return undefined;
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED) names.set(sql, (name = `openimp_${names.size}`));
    return name;
  };
}

function withoutUrlOptions(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('options');
  return u.toString();
}

/**
 * `create schema if not exists` is not safe against itself: two processes starting at once on one
 * PostgreSQL (a cluster, or a gateway beside its fake-PG worker) both insert into pg_namespace and
 * one fails with a unique violation. An advisory lock makes them take turns.
 */
async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(7245000)');
    await client.query(`create schema if not exists "${schema}"`);
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  // A schema per test run keeps suites isolated on one shared database. An explicit schema wins over
  // an `options` search_path in the URL (which node-postgres would otherwise apply over ours).
  const settings = [opts.schema && `-c search_path=${opts.schema}`, opts.genericPlans && '-c plan_cache_mode=force_generic_plan'].filter(Boolean);
  const options = settings.length > 0 ? settings.join(' ') : undefined;
  const url = opts.schema ? withoutUrlOptions(opts.url) : opts.url;
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, options, application_name: opts.applicationName, idleTimeoutMillis: (opts.idleSeconds ?? DEFAULT_POOL_IDLE_SECONDS) * 1000 });
  let opened = 0;
  pool.on('connect', () => opened++);
  if (opts.schema) await createSchema(pool, opts.schema);
  const nameOf = statementNames(opts.prepare ?? true);
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
    listen: (channel, on) => listenOn({ connectionString: opts.url, options, application_name: opts.applicationName }, channel, on),
    close: () => pool.end(),
    poolStats: () => ({ open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, opened }),
  };
}

/** How long a dropped LISTEN connection waits before it connects again. */
const RELISTEN_DELAY_MS = 1000;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). When it drops,
 * `lost` is reported at once and it connects again until `ready`; the unlisten ends it for good.
 */
async function listenOn(config: pg.ClientConfig, channel: string, on: Listener): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client(config);
    const drop = () => {
      if (client !== c) return;
      client = null;
      on.lost();
      c.end().catch(() => undefined);
      if (!stopped) (retry = setTimeout(() => void connect(), RELISTEN_DELAY_MS)).unref();
    };
    c.on('notification', (m) => m.channel === channel && on.notify(m.payload ?? ''));
    c.on('error', drop);
    c.on('end', drop);
    try {
      client = c;
      await c.connect();
      await c.query(`listen "${channel.replace(/"/g, '""')}"`);
      if (client === c && !stopped) on.ready();
    } catch {
      drop();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}
