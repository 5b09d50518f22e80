/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite under the data dir. */
import { join } from 'node:path';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { makePrivateTree } from './private-dir.ts';

/** The gateway's sessions in pg_stat_activity (the api bench tells its backends from the fake PGs' by it). */
export const GATEWAY_APPLICATION_NAME = 'openimp';

/** `genericPlans` and `applicationName` apply to PostgreSQL only (postgres.ts); PGlite plans every statement anyway. */
export async function openDb(opts: { databaseUrl: string | null; dataDir: string; schema?: string; dbPoolMax?: number; dbPoolIdleSeconds?: number; dbPreparedStatements?: boolean; genericPlans?: boolean; applicationName?: string }): Promise<Db> {
  if (opts.databaseUrl) {
    return openPostgres({ url: opts.databaseUrl, schema: opts.schema, max: opts.dbPoolMax, idleSeconds: opts.dbPoolIdleSeconds, prepare: opts.dbPreparedStatements, genericPlans: opts.genericPlans, applicationName: opts.applicationName ?? GATEWAY_APPLICATION_NAME });
  }
  // The data directory holds the database and the key file: owner only (private-dir.ts).
  makePrivateTree(opts.dataDir);
  const dir = join(opts.dataDir, 'pgdata');
  makePrivateTree(dir);
  const db = await openPglite(dir);
  return {
    ...db,
    async close() {
      await db.close();
      makePrivateTree(dir);
    },
  };
}
