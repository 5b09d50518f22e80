/** Persistence for the fake PGs' own books (their database, not the gateway's), handed to them as a SimulatorStore. */
import type { Db } from './db.ts';

type Entries = readonly (readonly [string, unknown])[];
type Expectations = readonly (readonly [string, string | null])[];

const upsert = 'on conflict (pg, key) do update set value = excluded.value';

export function sandboxStore(db: Db, pg: string) {
  /** One statement: the expectations are checked (in its snapshot) before anything is inserted, the others only after the claim. */
  async function claimIf(key: string, value: unknown, also: Entries, expect: Expectations): Promise<'claimed' | 'taken' | 'changed'> {
    const [r] = await db.query<{ held: boolean; claimed: boolean }>(
      `with held as (select count(*) = cardinality($6::text[]) as held from unnest($6::text[], $7::text[]) as x(k, v)
         where x.v is not distinct from (select value from sandbox_records where pg = $1 and key = x.k)),
       claimed as (insert into sandbox_records (pg, key, value) select $1, $2, $3 where (select held from held) on conflict (pg, key) do nothing returning key),
       also as (insert into sandbox_records (pg, key, value) select $1, k, v from unnest($4::text[], $5::text[]) as e(k, v) where exists (select 1 from claimed) ${upsert})
       select (select held from held) as held, exists (select 1 from claimed) as claimed`,
      [pg, key, JSON.stringify(value), also.map((e) => e[0]), also.map((e) => JSON.stringify(e[1])), expect.map((e) => e[0]), expect.map((e) => e[1])],
    );
    return !r?.held ? 'changed' : r.claimed ? 'claimed' : 'taken';
  }
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const [r] = await db.query<{ value: string }>('select value from sandbox_records where pg = $1 and key = $2', [pg, key]);
      return r ? (JSON.parse(r.value) as T) : undefined;
    },
    /** One statement for all of them. */
    async getMany(keys: readonly string[]): Promise<unknown[]> {
      const rows = await db.query<{ key: string; value: string }>('select key, value from sandbox_records where pg = $1 and key = any($2::text[])', [pg, keys]);
      const found = new Map(rows.map((r) => [r.key, r.value]));
      return keys.map((k) => {
        const text = found.get(k);
        return text === undefined ? undefined : JSON.parse(text);
      });
    },
    async set(key: string, value: unknown): Promise<void> {
      await db.query(`insert into sandbox_records (pg, key, value) values ($1,$2,$3) ${upsert}`, [pg, key, JSON.stringify(value)]);
    },
    /** One statement, so the entries are written together or not at all. */
    async setMany(entries: Entries): Promise<void> {
      await db.query(
        `insert into sandbox_records (pg, key, value) select $1, k, v from unnest($2::text[], $3::text[]) as e(k, v) ${upsert}`,
        [pg, entries.map((e) => e[0]), entries.map((e) => JSON.stringify(e[1]))],
      );
    },
    async claim(key: string, value: unknown, also: Entries = []): Promise<boolean> {
      return (await claimIf(key, value, also, [])) === 'claimed';
    },
    claimIf,
  };
}

/**
 * The fake PGs' own database (never the gateway's: src/sandbox/README.md) gets its one table here;
 * idempotent, run by the sandbox server at start. Several openimp processes on one PostgreSQL share
 * these books (a payment made through one process's fake PG is cancelled through another's), so
 * their workers create the table under an advisory lock: `create table if not exists` races itself.
 */
export async function migrateSandboxBooks(db: Db): Promise<void> {
  await db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock(7245002)');
    await q.query('create table if not exists sandbox_records (pg text not null, key text not null, value text not null, primary key (pg, key))');
  });
}
