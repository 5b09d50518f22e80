/**
 * Tokens this process has checked against the database, so a call need not read its token again.
 * Only as good as its invalidation: revoking a key evicts its tokens here at once and NOTIFYs every
 * other process (TOKENS_CHANNEL), and the cache is off whenever this process is not listening, so a
 * revoked key stops working everywhere as soon as the revocation commits and its notice arrives.
 * Entries are also re-read after MAX_AGE_MS, a bound for changes nobody announced (an operator's SQL).
 */
import type { AccessToken } from '../storage/tokens.ts';

export const MAX_AGE_MS = 5000;
export const MAX_ENTRIES = 10_000;

export type TokenCache = {
  /** The token if cached, fresh and on; the caller still checks its expiry. */
  get(token: string): AccessToken | null;
  /** Marks a database read about to start; pass it to `put` with what that read found. */
  epoch(): number;
  /**
   * Caches a token read since `epoch`, unless an eviction happened meanwhile: a read that started
   * before a revocation committed may still return the revoked token, which must not be kept.
   */
  put(t: AccessToken, epoch: number): void;
  /** Forgets every token of a key (revoked here, or announced by another process). */
  evictKey(impKey: string): void;
  /** Listening: cache from now on (starts empty). */
  enable(): void;
  /** Not listening: forget everything and read every token until enabled again. */
  disable(): void;
  readonly enabled: boolean;
};

export function tokenCache(clockMs: () => number = () => performance.now()): TokenCache {
  const entries = new Map<string, { t: AccessToken; at: number }>();
  let on = false;
  let evictions = 0;
  return {
    get(token) {
      const e = on ? entries.get(token) : undefined;
      if (!e) return null;
      if (clockMs() - e.at < MAX_AGE_MS) return e.t;
      entries.delete(token);
      return null;
    },
    epoch: () => evictions,
    put(t, epoch) {
      if (!on || epoch !== evictions) return;
      entries.delete(t.token);
      // Map order is insertion order: the oldest entry goes first.
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(t.token, { t, at: clockMs() });
    },
    evictKey(impKey) {
      evictions++;
      for (const [token, e] of entries) if (e.t.impKey === impKey) entries.delete(token);
    },
    enable() {
      entries.clear();
      on = true;
    },
    disable() {
      evictions++;
      on = false;
      entries.clear();
    },
    get enabled() {
      return on;
    },
  };
}
