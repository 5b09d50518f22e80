/**
 * Test databases: PGlite in memory always, and PostgreSQL when OPENIMP_TEST_DATABASE_URL is set
 * (.ci/run sets it), each suite in its own schema so suites never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/storage/db.ts';
import { openPglite } from '../../src/storage/pglite.ts';
import { openPostgres } from '../../src/storage/postgres.ts';

export type Driver = 'pglite' | 'postgres';

export const postgresUrl = process.env.OPENIMP_TEST_DATABASE_URL || null;

/** The drivers every storage/connector/API suite runs on here. */
export const testDrivers = (): Driver[] => (postgresUrl ? ['pglite', 'postgres'] : ['pglite']);

export async function openTestDb(driver: Driver): Promise<Db> {
  if (driver === 'pglite') return openPglite(null);
  if (!postgresUrl) throw new Error('OPENIMP_TEST_DATABASE_URL is not set');
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const db = await openPostgres({ url: postgresUrl, schema, max: 20 });
  const close = db.close;
  return {
    ...db,
    async close() {
      await db.exec(`drop schema if exists "${schema}" cascade`);
      await close();
    },
  };
}
