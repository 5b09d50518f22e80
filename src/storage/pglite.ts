/** The embedded driver: Postgres compiled to WASM, data in a directory (or memory for tests). */
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.ts';

// int8 columns hold minor units and UNIX seconds, all within Number.MAX_SAFE_INTEGER.
const parsers = { [types.INT8]: (v: string) => Number(v) };

/**
 * PGlite runs each statement on this thread and hands its lock to the next waiter in a microtask, so
 * queued statements can run back to back without the event loop ever reading a socket: requests that
 * arrive meanwhile wait for the whole queue, some of them many times over (a 2-4 s p99 at 50
 * connections against a 0.2 s median). Starting each statement and transaction from a macrotask
 * lets them take their turn in arrival order.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
    async query(sql, params) {
      await nextTurn();
      return root.query(sql, params);
    },
    async tx(fn) {
      await nextTurn();
      return pg.transaction((t) => fn(wrap(t)));
    },
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
