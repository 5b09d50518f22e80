/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite under the data dir. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export async function openDb(opts: { databaseUrl: string | null; dataDir: string; schema?: string; dbPoolMax?: number; dbPreparedStatements?: boolean }): Promise<Db> {
  if (opts.databaseUrl) return openPostgres({ url: opts.databaseUrl, schema: opts.schema, max: opts.dbPoolMax, prepare: opts.dbPreparedStatements });
  const dir = join(opts.dataDir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  return openPglite(dir);
}
