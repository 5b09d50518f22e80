/**
 * The one storage interface. Both drivers (PGlite, PostgreSQL) implement it; repositories in this
 * folder are the only code that writes SQL (ARCHITECTURE rule 10).
 */
export type Row = Record<string, unknown>;

export type Queryable = {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
};

export type Db = Queryable & {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs a multi-statement SQL script (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
};

/** Postgres unique_violation, as both drivers report it. */
export const isUniqueViolation = (e: unknown, constraint?: string): boolean => {
  const err = e as { code?: string; constraint?: string } | null;
  return err?.code === '23505' && (constraint === undefined || err.constraint === constraint);
};
