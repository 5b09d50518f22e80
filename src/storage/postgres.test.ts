import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { postgresUrl } from '../../test/support/db.ts';
import { openPostgres } from './postgres.ts';

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
