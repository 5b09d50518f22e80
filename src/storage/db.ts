/**
 * The one storage interface. Both drivers (PGlite, PostgreSQL) implement it; repositories in this
 * folder are the only code that writes SQL (ARCHITECTURE rule 10).
 */
export type Row = Record<string, unknown>;

export type Queryable = {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
};

/**
 * What a LISTEN reports: each notification, and the moments it starts or stops hearing them (a
 * dropped connection misses notifications until it listens again, so whoever relies on them must
 * stop relying between `lost` and the next `ready`).
 */
export type Listener = { notify(payload: string): void; ready(): void; lost(): void };

export type Db = Queryable & {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs a multi-statement SQL script (migrations). */
  exec(sql: string): Promise<void>;
  /** LISTEN on a channel (NOTIFY is delivered on commit, to every process on the database); resolves to the unlisten. */
  listen(channel: string, on: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PostgreSQL only: the pool's connections (open, idle, opened so far) and the queries waiting for one (the benchmark's tail timeline). */
  poolStats?(): PoolStats;
};

export type PoolStats = { open: number; idle: number; waiting: number; opened: number };

/** Postgres unique_violation, as both drivers report it. */
export const isUniqueViolation = (e: unknown, constraint?: string): boolean => {
  const err = e as { code?: string; constraint?: string } | null;
  return err?.code === '23505' && (constraint === undefined || err.constraint === constraint);
};
