/**
 * Throttling of secret guesses (console sign-in, POST /users/getToken), in memory, per process.
 * Only failures count, and what they slow down is the pair that failed: a (subject, address) pair
 * (subject = the e-mail or imp_key) gets `freePerPair` failures, then waits 1 s, 2 s, 4 s, ... up to
 * `maxDelaySec` before each next try. When a subject, or an address, collects `perSubject` /
 * `perAddress` failures within `windowSec`, every pair of it that has failed waits until the window
 * ends. A pair that has not failed is never held back: nobody can lock the real user out from
 * elsewhere, and one address's guesses do not block the other users behind it. Checked before any
 * password hashing, so a throttled flood costs no scrypt work. docs/security.md, Brute force.
 */
export type LimitDecision = { ok: true } | { ok: false; retryAfterSec: number };

export type FailureLimits = { freePerPair: number; maxDelaySec: number; perSubject: number; perAddress: number; windowSec: number };

export type FailureLimiter = {
  check(subject: string, address: string): LimitDecision;
  failed(subject: string, address: string): void;
  succeeded(subject: string, address: string): void;
};

/** `n` failures, the last at `last`; forgotten at `until`. */
type Count = { n: number; last: number; until: number };

/** A bounded map of counts that expire; when full, expired then oldest entries go first. */
function counts(max: number, now: () => number) {
  const m = new Map<string, Count>();
  return {
    get(key: string): Count | null {
      const c = m.get(key);
      if (c && c.until > now()) return c;
      if (c) m.delete(key);
      return null;
    },
    bump(key: string, ttl: number, extend: boolean): Count {
      const c = this.get(key);
      if (c) {
        c.n++;
        c.last = now();
        if (extend) c.until = now() + ttl;
        return c;
      }
      if (m.size >= max) {
        for (const [k, v] of m) if (v.until <= now()) m.delete(k);
        for (const k of m.keys()) {
          if (m.size < max) break;
          m.delete(k);
        }
      }
      const fresh = { n: 1, last: now(), until: now() + ttl };
      m.set(key, fresh);
      return fresh;
    },
    delete: (key: string) => m.delete(key),
  };
}

/** `now` in UNIX seconds (the app clock). */
export function failureLimiter(o: FailureLimits & { now: () => number; maxEntries?: number }): FailureLimiter {
  const max = o.maxEntries ?? 10_000;
  const pairs = counts(max, o.now);
  const subjects = counts(max, o.now);
  const addresses = counts(max, o.now);
  const pairKey = (subject: string, address: string) => `${subject}\u0000${address}`;

  return {
    check(subject, address) {
      const now = o.now();
      const key = pairKey(subject, address);
      const pair = pairs.get(key);
      if (!pair) return { ok: true };
      const waits: number[] = [];
      if (pair.n >= o.freePerPair) {
        const delay = Math.min(2 ** (pair.n - o.freePerPair), o.maxDelaySec);
        waits.push(pair.last + delay - now);
      }
      const s = subjects.get(subject);
      if (s && s.n >= o.perSubject) waits.push(s.until - now);
      const a = addresses.get(address);
      if (a && a.n >= o.perAddress) waits.push(a.until - now);
      const wait = Math.max(0, ...waits);
      return wait > 0 ? { ok: false, retryAfterSec: Math.ceil(wait) } : { ok: true };
    },
    failed(subject, address) {
      const key = pairKey(subject, address);
      // A pair's count lives as long as it keeps failing (at least the window, at least its next delay).
      pairs.bump(key, Math.max(o.windowSec, o.maxDelaySec), true);
      subjects.bump(subject, o.windowSec, false);
      addresses.bump(address, o.windowSec, false);
    },
    succeeded(subject, address) {
      pairs.delete(pairKey(subject, address));
    },
  };
}
