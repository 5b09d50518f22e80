import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { postgresUrl } from '../../test/support/db.ts';
import { loadConfig } from '../config.ts';
import { anyKeyOf } from './coalesce.ts';
import { openPostgres, type PostgresOptions } from './postgres.ts';

describe('PostgreSQL driver: prepared statements', { skip: postgresUrl ? false : 'no PostgreSQL (OPENIMP_TEST_DATABASE_URL)' }, () => {
  // One connection, so the session that ran the statement is the one asked about it.
  const prepared = async (prepare: boolean | undefined) => {
    const schema = `prep_${process.pid}_${randomBytes(3).toString('hex')}`;
    const db = await openPostgres({ url: postgresUrl!, schema, max: 1, prepare });
    try {
      for (let i = 0; i < 3; i++) assert.deepEqual(await db.query('select $1::int + 1 as n', [i]), [{ n: i + 1 }]);
      const [r] = await db.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where name like 'openimp_%'");
      return r!.n;
    } finally {
      await db.exec(`drop schema if exists "${schema}" cascade`);
      await db.close();
    }
  };

  it('a parameterized statement is prepared once per connection by default', async () => {
    assert.equal(await prepared(undefined), 1);
  });

  it('OPENIMP_DB_PREPARED_STATEMENTS=0 (prepare: false) prepares nothing, for poolers that cannot keep them', async () => {
    assert.equal(await prepared(false), 0);
  });
});

describe('PostgreSQL driver: plans', { skip: postgresUrl ? false : 'no PostgreSQL (OPENIMP_TEST_DATABASE_URL)' }, () => {
  // One connection: the session asked about its plans is the one that ran the statements.
  const session = async <T>(opts: Omit<PostgresOptions, 'url' | 'schema' | 'max'>, fn: (db: Awaited<ReturnType<typeof openPostgres>>) => Promise<T>): Promise<T> => {
    const schema = `plans_${process.pid}_${randomBytes(3).toString('hex')}`;
    const db = await openPostgres({ url: postgresUrl!, schema, max: 1, ...opts });
    try {
      return await fn(db);
    } finally {
      await db.exec(`drop schema if exists "${schema}" cascade`);
      await db.close();
    }
  };
  const settings = (db: Awaited<ReturnType<typeof openPostgres>>) => db.query("select current_setting('plan_cache_mode') as mode, current_setting('application_name') as app");

  it('genericPlans runs the sessions with plan_cache_mode=force_generic_plan, under their applicationName', async () => {
    assert.deepEqual(await session({ genericPlans: true, applicationName: 'openimp-test' }, settings), [{ mode: 'force_generic_plan', app: 'openimp-test' }]);
    assert.equal((await session({}, settings))[0]!.mode, 'auto');
  });

  it("a coalesced read's `= anyKeyOf(1)` settles on a generic plan (a bare `= any($1)` is planned on every execution)", async () => {
    const plans = await session({}, async (db) => {
      await db.exec('create table t (k text primary key); insert into t select g::text from generate_series(1, 1000) g; analyze t');
      for (let i = 0; i < 10; i++) {
        assert.deepEqual(await db.query(`select k from t where k = ${anyKeyOf(1)}`, [[String(i + 1)]]), [{ k: String(i + 1) }]);
        await db.query('select k from t where k = any($1)', [[String(i + 1)]]);
      }
      return db.query<{ statement: string; generic: number }>("select statement, generic_plans::int as generic from pg_prepared_statements where statement like 'select k from t%'");
    });
    const generic = (bare: boolean) => plans.find((p) => p.statement.includes('any($1)') === bare)!.generic > 0;
    assert.deepEqual([generic(false), generic(true)], [true, false]);
  });
});

describe('PostgreSQL driver: idle connections', { skip: postgresUrl ? false : 'no PostgreSQL (OPENIMP_TEST_DATABASE_URL)' }, () => {
  const idleAfter = async (idleSeconds: number | undefined, waitMs: number) => {
    const schema = `idle_${process.pid}_${randomBytes(3).toString('hex')}`;
    const db = await openPostgres({ url: postgresUrl!, schema, max: 3, idleSeconds });
    try {
      await Promise.all([1, 2, 3].map(() => db.query('select pg_sleep(0.05)')));
      await new Promise((r) => setTimeout(r, waitMs));
      return db.poolStats!();
    } finally {
      await db.exec(`drop schema if exists "${schema}" cascade`);
      await db.close();
    }
  };

  it('OPENIMP_DB_POOL_IDLE_SECONDS closes connections idle that long', async () => {
    assert.equal((await idleAfter(1, 1600)).open, 0);
  });

  it('by default a burst\'s connections stay open past pg\'s own 10 s', { timeout: 60_000 }, async () => {
    const s = await idleAfter(undefined, 10_600);
    assert.deepEqual([s.open, s.opened], [3, 3]);
  });
});

describe('OPENIMP_DB_POOL_IDLE_SECONDS', () => {
  it('is the driver\'s default when unset, a number of seconds when set, refused when not one', () => {
    assert.equal(loadConfig({}).dbPoolIdleSeconds, undefined);
    assert.equal(loadConfig({ OPENIMP_DB_POOL_IDLE_SECONDS: '0' }).dbPoolIdleSeconds, 0);
    assert.equal(loadConfig({ OPENIMP_DB_POOL_IDLE_SECONDS: '30' }).dbPoolIdleSeconds, 30);
    assert.throws(() => loadConfig({ OPENIMP_DB_POOL_IDLE_SECONDS: '1.5' }), /OPENIMP_DB_POOL_IDLE_SECONDS/);
  });
});
