/** Persistence for the sandbox simulators' PG-side state, handed to them as a SimulatorStore. */
import type { Db } from './db.ts';

export function sandboxStore(db: Db, pg: string) {
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const [r] = await db.query<{ value: string }>('select value from sandbox_records where pg = $1 and key = $2', [pg, key]);
      return r ? (JSON.parse(r.value) as T) : undefined;
    },
    async set(key: string, value: unknown): Promise<void> {
      await db.query(
        'insert into sandbox_records (pg, key, value) values ($1,$2,$3) on conflict (pg, key) do update set value = excluded.value',
        [pg, key, JSON.stringify(value)],
      );
    },
  };
}
