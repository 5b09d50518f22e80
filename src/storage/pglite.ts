/** The embedded driver: Postgres compiled to WASM, data in a directory (or memory for tests). */
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.ts';

// int8 columns hold minor units and UNIX seconds, all within Number.MAX_SAFE_INTEGER.
const parsers = { [types.INT8]: (v: string) => Number(v) };

export async function openPglite(dataDir: string | null): Promise<Db> {
  const pg = dataDir === null ? await PGlite.create({ parsers }) : await PGlite.create(dataDir, { parsers });
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(sql, params as unknown[]);
      return r.rows;
    },
  });
  const root = wrap(pg);
  return {
    driver: 'pglite',
    query: root.query,
    tx: (fn) => pg.transaction((t) => fn(wrap(t))),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    // One process owns an embedded database, so its connection cannot drop: ready at once, never lost.
    async listen(channel, on) {
      const unlisten = await pg.listen(channel, (payload) => on.notify(payload));
      on.ready();
      return () => unlisten();
    },
    close: () => pg.close(),
  };
}
