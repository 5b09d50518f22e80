/**
 * Several openimp processes starting at once on one PostgreSQL: each opens the same schema, migrates
 * the gateway's tables and its fake-PG worker's books. None may fail on the others' DDL
 * (`create ... if not exists` races itself: a unique violation on pg_namespace / pg_type).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { postgresUrl } from '../../test/support/db.ts';
import { migrate } from './migrate.ts';
import { openPostgres } from './postgres.ts';
import { migrateSandboxBooks } from './sandbox-records.ts';

describe('PostgreSQL: processes starting at once on one schema', { skip: postgresUrl ? false : 'no PostgreSQL (OPENIMP_TEST_DATABASE_URL)' }, () => {
  const startAll = async (n: number, step: (schema: string) => Promise<void>): Promise<unknown[]> => {
    const schema = `race_${process.pid}_${randomBytes(3).toString('hex')}`;
    try {
      const r = await Promise.allSettled(Array.from({ length: n }, () => step(schema)));
      return r.flatMap((x) => (x.status === 'rejected' ? [String((x.reason as Error)?.message ?? x.reason)] : []));
    } finally {
      const db = await openPostgres({ url: postgresUrl!, max: 1 });
      await db.exec(`drop schema if exists "${schema}" cascade`);
      await db.close();
    }
  };
  const opened = (schema: string, fn: (db: Awaited<ReturnType<typeof openPostgres>>) => Promise<unknown>) => async () => {
    const db = await openPostgres({ url: postgresUrl!, schema, max: 1 });
    try {
      await fn(db);
    } finally {
      await db.close();
    }
  };

  it('the fake-PG workers create their shared books once, without failing each other', async () => {
    for (let round = 0; round < 5; round++) {
      assert.deepEqual(await startAll(4, (s) => opened(s, migrateSandboxBooks)()), []);
    }
  });

  it('the gateways migrate one schema once, without failing each other', async () => {
    const applied: string[][] = [];
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(await startAll(3, (s) => opened(s, async (db) => applied.push(await migrate(db)))()), []);
    }
    // Each round: one process applied every migration, the others found nothing left to do.
    for (let round = 0; round < 3; round++) {
      const group = applied.slice(round * 3, round * 3 + 3).map((a) => a.length).sort();
      assert.equal(group[0], 0);
      assert.equal(group[1], 0);
      assert.ok(group[2]! > 0);
    }
  });
});
