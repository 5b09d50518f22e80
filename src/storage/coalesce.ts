/**
 * Point reads of one kind that arrive together, sent as one statement: keys asked for during one turn
 * of the event loop are read at the next (setImmediate) with `= any($1)`, so 50 concurrent requests
 * cost one round trip instead of 50. A read is sent after it was asked for, so it still sees every
 * commit made before that; nothing is kept between batches (this is not a cache).
 *
 * One caller's key must never fail another caller's read: a key PostgreSQL cannot hold (NUL, a lone
 * surrogate) is answered "not found" without joining a batch, and when a batch fails anyway, each of
 * its keys is read again on its own, so only the reads that fail by themselves fail.
 */
import { isStorableText } from '../core/storable-text.ts';


/** Reads the rows for `keys`, keyed by the same values. Keys absent from the map were not found. */
export type BatchLoad<K, V> = (keys: K[]) => Promise<Map<K, V>>;

type Waiter<V> = { resolve(v: V | undefined): void; reject(e: unknown): void };

/** The largest batch sent as one statement; more keys in one turn start another batch. */
export const MAX_BATCH = 256;

export function coalesced<K, V>(load: BatchLoad<K, V>): (key: K) => Promise<V | undefined> {
  let pending: Map<K, Waiter<V>[]> | null = null;

  const answer = (waiters: Waiter<V>[], v: V | undefined) =>
    // Each caller gets its own object: one may change what it was given without the others seeing it.
    waiters.forEach((w, i) => w.resolve(i === 0 || v === undefined ? v : structuredClone(v)));

  function flush(batch: Map<K, Waiter<V>[]>): void {
    if (pending === batch) pending = null;
    load([...batch.keys()]).then(
      (found) => {
        for (const [key, waiters] of batch) answer(waiters, found.get(key));
      },
      (e: unknown) => {
        if (batch.size === 1) {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
          return;
        }
        for (const [key, waiters] of batch) {
          load([key]).then((found) => answer(waiters, found.get(key)), (alone: unknown) => waiters.forEach((w) => w.reject(alone)));
        }
      },
    );
  }

  return (key) => new Promise<V | undefined>((resolve, reject) => {
    if (typeof key === 'string' && !isStorableText(key)) return resolve(undefined);
    if (pending === null) {
      const batch = new Map<K, Waiter<V>[]>();
      pending = batch;
      setImmediate(() => pending === batch && flush(batch));
    }
    const batch = pending;
    const waiters = batch.get(key);
    if (waiters) waiters.push({ resolve, reject });
    else batch.set(key, [{ resolve, reject }]);
    if (batch.size >= MAX_BATCH) flush(batch);
  });
}

/**
 * `= any(...)` of a batch's text keys in parameter $n, for the statement a BatchLoad sends. Written as an
 * init plan, `(select $n::text[])`, so no plan sees how many keys there are: with a bare `any($n)` each
 * custom plan is costed for its exact count, below the generic plan (which assumes 10), so PostgreSQL
 * kept planning the statement again on every execution (bench/README.md, "plans"). The outer cast keeps
 * `any(...)` an array expression rather than a subquery.
 */
export const anyKeyOf = (n: number): string => `any((select $${n}::text[])::text[])`;

/** One coalesced reader per database handle (a transaction's reads must not be batched: they see the tx). */
export function perDb<D extends object, K, V>(make: (db: D) => BatchLoad<K, V>): (db: D) => (key: K) => Promise<V | undefined> {
  const readers = new WeakMap<D, (key: K) => Promise<V | undefined>>();
  return (db) => {
    let r = readers.get(db);
    if (!r) readers.set(db, (r = coalesced(make(db))));
    return r;
  };
}
